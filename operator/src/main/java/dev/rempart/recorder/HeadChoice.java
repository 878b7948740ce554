package dev.rempart.recorder;

import dev.rempart.record.ChainHead;
import java.util.Optional;

/**
 * Where a starting recorder continues the chain, from what the head store and the sinks hold, and
 * the gap to record when they do not agree or cannot be read. Nothing is skipped silently.
 *
 * @param gapReason null when the chain simply continues
 */
record HeadChoice(ChainHead head, String gapReason) {

  /**
   * @param stored the store's head; null when the store could not be read
   * @param storeFailure why the store could not be read, or null
   * @param sinkHead the newest head a sink holds (the bucket's last batch), if any
   */
  static HeadChoice choose(
      Optional<ChainHead> stored,
      String storeFailure,
      String storeName,
      Optional<SinkHead> sinkHead) {
    if (storeFailure != null) {
      return sinkHead
          .map(
              s ->
                  new HeadChoice(
                      s.head(),
                      "the chain head could not be read from "
                          + storeName
                          + " ("
                          + storeFailure
                          + "); continued from the last batch in "
                          + s.sink()))
          .orElseGet(
              () ->
                  new HeadChoice(
                      ChainHead.GENESIS,
                      "the chain head could not be read from "
                          + storeName
                          + " ("
                          + storeFailure
                          + "); a new chain starts, earlier entries are not linked to it"));
    }
    if (stored.isEmpty()) {
      return sinkHead
          .map(
              s ->
                  new HeadChoice(
                      s.head(),
                      "no chain head in "
                          + storeName
                          + "; continued from the last batch in "
                          + s.sink()))
          .orElseGet(
              () ->
                  new HeadChoice(
                      ChainHead.GENESIS,
                      "no chain head in "
                          + storeName
                          + ": a new chain starts (a first start, or the head was removed)"));
    }
    ChainHead head = stored.get();
    if (sinkHead.isEmpty()) {
      return new HeadChoice(head, null);
    }
    ChainHead kept = sinkHead.get().head();
    String sink = sinkHead.get().sink();
    if (kept.equals(head)) {
      return new HeadChoice(head, null);
    }
    if (kept.seq() > head.seq()) {
      // The last batch reached the sink but the store was not updated: nothing is missing.
      return new HeadChoice(kept, null);
    }
    if (kept.seq() < head.seq()) {
      return new HeadChoice(
          head,
          sink
              + " ends at seq "
              + kept.seq()
              + " but the chain head in "
              + storeName
              + " is at seq "
              + head.seq()
              + ": entries "
              + (kept.seq() + 1)
              + ".."
              + head.seq()
              + " are not in "
              + sink);
    }
    return new HeadChoice(
        kept,
        "the chain head in "
            + storeName
            + " ("
            + head
            + ") and the last batch in "
            + sink
            + " ("
            + kept
            + ") disagree; continued from "
            + sink);
  }

  /** The newest head a sink holds, and the sink's name. */
  record SinkHead(ChainHead head, String sink) {}
}
