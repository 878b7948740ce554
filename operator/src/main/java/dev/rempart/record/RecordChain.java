package dev.rempart.record;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Appends entries to the chain from a known head. Not thread-safe: one writer owns the chain (the
 * {@code Recorder} serialises its callers).
 */
public final class RecordChain {
  private final Clock clock;
  private ChainHead head;

  /** Continues the chain after {@code head} ({@link ChainHead#GENESIS} for a new chain). */
  public RecordChain(ChainHead head, Clock clock) {
    this.head = head;
    this.clock = clock;
  }

  public RecordEntry append(RecordEvent event) {
    return append(event, clock.instant());
  }

  /** Appends an event that happened at {@code at} (recorders queue events before chaining). */
  public RecordEntry append(RecordEvent event, Instant at) {
    return append(
        at, event.type(), event.baseline(), event.clause(), event.object(), event.detail());
  }

  /**
   * Records that the head is being published outside the stream ({@code to} says where); the
   * returned entry's {@link RecordEntry#head()} is what to publish.
   */
  public RecordEntry anchor(String to) {
    return anchor(to, clock.instant());
  }

  public RecordEntry anchor(String to, Instant at) {
    return append(at, EventType.ANCHOR, null, null, null, Map.of("to", to));
  }

  /**
   * Records that entries before this one may be missing: the head could not be read at a restart
   * (the chain then continues from the newest head known elsewhere, or {@link ChainHead#GENESIS}),
   * or entries were lost before reaching a sink. The verifier lists gaps and does not check the
   * link into them; they are never silent.
   */
  public RecordEntry gap(String reason) {
    return gap(reason, clock.instant());
  }

  public RecordEntry gap(String reason, Instant at) {
    return append(at, EventType.GAP, null, null, null, Map.of("reason", reason));
  }

  public ChainHead head() {
    return head;
  }

  private RecordEntry append(
      Instant at,
      EventType type,
      String baseline,
      String clause,
      ObjectRef object,
      Map<String, String> detail) {
    RecordEntry entry =
        RecordEntry.seal(head.seq() + 1, at, type, baseline, clause, object, detail, head.hash());
    head = entry.head();
    return entry;
  }
}
