package dev.rempart.record;

import dev.rempart.record.Problem.Kind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks a record: every entry's hash against its content, every link to the entry before it,
 * sequence numbers without holes or moves, batch headers (key, order, content), and the anchors
 * published outside the stream, which reveal a truncated tail. Feed it lines (or batches) in the
 * order they are stored, then call {@link #finish()}; it names each problem's file and line.
 *
 * <p>A {@link EventType#GAP} entry is the chain saying that entries before it may be missing: the
 * link into it is not checked, and it is listed in {@link Verification#gaps()}.
 */
public final class RecordVerifier {
  private final List<ChainHead> anchors;
  private final boolean partial;
  private final List<Item> items = new ArrayList<>();
  private long otherLines;
  private BatchHeader previousBatch;
  private String previousBatchWhere;

  private sealed interface Item permits EntryItem, ProblemItem {}

  private record EntryItem(String where, RecordEntry entry) implements Item {}

  private record ProblemItem(Problem problem) implements Item {}

  /**
   * @param anchors heads published outside the stream (baseline status, Events), {@code SEQ:HASH}
   * @param partial the first entry may continue an earlier chain (a rotated log file): its link is
   *     not checked
   */
  public RecordVerifier(List<ChainHead> anchors, boolean partial) {
    this.anchors = List.copyOf(anchors);
    this.partial = partial;
  }

  /** One line of a file; {@code where} names it (file and line number). */
  public void line(String where, String text) {
    if (text.isBlank()) {
      return;
    }
    if (!RecordLines.isEntry(text)) {
      otherLines++;
      return;
    }
    try {
      items.add(new EntryItem(where, RecordLines.parseEntry(text)));
    } catch (MalformedLineException e) {
      items.add(problem(where, Kind.TAMPERED, "not a valid record entry: " + e.getMessage()));
    }
  }

  /**
   * One stored batch: its header line, then its entries.
   *
   * @param key the object's key, which its header must name
   * @param where how to name the object in problems, e.g. {@code s3://bucket/key}
   */
  public void batch(String key, String where, List<String> lines) {
    if (lines.isEmpty()) {
      items.add(problem(where, Kind.TAMPERED, "the object is empty"));
      return;
    }
    BatchHeader header;
    try {
      header = BatchHeader.parse(lines.get(0));
    } catch (MalformedLineException e) {
      items.add(problem(where + ":1", Kind.TAMPERED, "not a batch header: " + e.getMessage()));
      return;
    }
    checkHeader(key, where, header);
    int before = items.size();
    for (int i = 1; i < lines.size(); i++) {
      line(where + ":" + (i + 1), lines.get(i));
    }
    checkContent(where, header, items.subList(before, items.size()));
    previousBatch = header;
    previousBatchWhere = where;
  }

  private void checkHeader(String key, String where, BatchHeader header) {
    String at = where + ":1";
    if (!header.computeHash().equals(header.hash())) {
      items.add(problem(at, Kind.TAMPERED, "the batch header does not match its hash"));
    }
    if (!header.key().equals(key)) {
      items.add(
          problem(
              at,
              Kind.TAMPERED,
              "the header names key '" + header.key() + "': the object was copied or renamed"));
    }
    String expected = previousBatch == null ? ChainHead.GENESIS.hash() : previousBatch.hash();
    if (header.prevBatch().equals(expected) || (previousBatch == null && partial)) {
      return;
    }
    if (previousBatch == null) {
      items.add(
          problem(
              at,
              Kind.MISSING,
              "the first batch does not start the chain (it follows batch "
                  + header.prevBatch()
                  + "): earlier batches are missing"));
    } else if (header.first() <= previousBatch.last()) {
      items.add(
          problem(
              at,
              Kind.REORDERED,
              "entries "
                  + header.first()
                  + ".."
                  + header.last()
                  + " come after "
                  + previousBatchWhere
                  + ", which ends at "
                  + previousBatch.last()));
    } else {
      items.add(
          problem(
              at,
              Kind.MISSING,
              "this batch does not follow "
                  + previousBatchWhere
                  + " (entries "
                  + (previousBatch.last() + 1)
                  + ".."
                  + (header.first() - 1)
                  + " or a batch between them are missing)"));
    }
  }

  private void checkContent(String where, BatchHeader header, List<Item> content) {
    List<RecordEntry> entries =
        content.stream()
            .filter(EntryItem.class::isInstance)
            .map(i -> ((EntryItem) i).entry())
            .toList();
    if (entries.size() != content.size()) {
      return; // a malformed line is already named
    }
    boolean matches =
        !entries.isEmpty()
            && entries.get(0).seq() == header.first()
            && entries.get(entries.size() - 1).seq() == header.last()
            && entries.get(entries.size() - 1).hash().equals(header.lastHash());
    if (!matches) {
      items.add(
          problem(
              where,
              Kind.TAMPERED,
              "the header announces entries "
                  + header.first()
                  + ".."
                  + header.last()
                  + " ending with hash "
                  + header.lastHash()
                  + ", the object holds "
                  + (entries.isEmpty()
                      ? "none"
                      : entries.get(0).seq() + ".." + entries.get(entries.size() - 1).seq())));
    }
  }

  /** A problem found outside the chain (an object's lock), kept in its place among the lines. */
  public void note(Problem problem) {
    items.add(new ProblemItem(problem));
  }

  public Verification finish() {
    List<Problem> problems = new ArrayList<>();
    List<String> gaps = new ArrayList<>();
    List<String> anchorsFound = new ArrayList<>();
    Map<Long, String> whereBySeq = new HashMap<>();
    Map<Long, RecordEntry> entryBySeq = new HashMap<>();
    for (Item item : items) {
      if (item instanceof EntryItem e) {
        whereBySeq.putIfAbsent(e.entry().seq(), e.where());
        entryBySeq.put(e.entry().seq(), e.entry());
      }
    }
    EntryItem previous = null;
    long entries = 0;
    for (Item item : items) {
      if (item instanceof ProblemItem p) {
        problems.add(p.problem());
        continue;
      }
      EntryItem current = (EntryItem) item;
      RecordEntry entry = current.entry();
      entries++;
      if (!entry.computeHash().equals(entry.hash())) {
        problems.add(
            new Problem(
                current.where(),
                Kind.TAMPERED,
                "the entry's content does not match its hash (seq " + entry.seq() + ")"));
      }
      if (entry.type() == EventType.GAP) {
        gaps.add(
            current.where()
                + " (seq "
                + entry.seq()
                + "): "
                + entry.detail().getOrDefault("reason", "no reason given"));
      } else if (entry.type() == EventType.ANCHOR) {
        anchorsFound.add(
            entry.head() + " at " + current.where() + " (to " + entry.detail().get("to") + ")");
      }
      Problem link = checkLink(previous, current, whereBySeq);
      if (link != null) {
        problems.add(link);
      }
      previous = current;
    }
    ChainHead head = previous == null ? null : previous.entry().head();
    for (ChainHead anchor : anchors) {
      Problem problem = checkAnchor(anchor, entryBySeq, whereBySeq, previous);
      if (problem != null) {
        problems.add(problem);
      }
    }
    return new Verification(
        entries,
        List.copyOf(problems),
        List.copyOf(gaps),
        List.copyOf(anchorsFound),
        head,
        otherLines);
  }

  private Problem checkLink(EntryItem previous, EntryItem current, Map<Long, String> whereBySeq) {
    RecordEntry entry = current.entry();
    if (entry.type() == EventType.GAP) {
      return null;
    }
    if (previous == null) {
      boolean starts = entry.seq() == 1 && entry.prev().equals(ChainHead.GENESIS.hash());
      return starts || partial
          ? null
          : new Problem(
              current.where(),
              Kind.MISSING,
              "the chain starts at seq "
                  + entry.seq()
                  + ", not 1: entries before it are missing (--partial when this file continues"
                  + " an earlier one)");
    }
    RecordEntry before = previous.entry();
    long expected = before.seq() + 1;
    if (entry.seq() == expected) {
      return entry.prev().equals(before.hash())
          ? null
          : new Problem(
              current.where(),
              Kind.TAMPERED,
              "seq "
                  + entry.seq()
                  + " does not chain to the entry before it ("
                  + previous.where()
                  + "): its prev is "
                  + entry.prev()
                  + ", that entry's hash is "
                  + before.hash()
                  + "; one of the two was rewritten");
    }
    if (entry.seq() < expected) {
      return new Problem(
          current.where(),
          Kind.REORDERED,
          "seq "
              + entry.seq()
              + " comes after seq "
              + before.seq()
              + " ("
              + previous.where()
              + ")");
    }
    String movedTo = whereBySeq.get(expected);
    if (movedTo != null) {
      return new Problem(
          current.where(),
          Kind.REORDERED,
          "seq "
              + entry.seq()
              + " comes where seq "
              + expected
              + " should, which is at "
              + movedTo);
    }
    return new Problem(
        current.where(),
        Kind.MISSING,
        (entry.seq() - 1 == expected
                ? "entry " + expected + " is"
                : "entries " + expected + ".." + (entry.seq() - 1) + " are")
            + " missing between "
            + previous.where()
            + " and this line");
  }

  private static Problem checkAnchor(
      ChainHead anchor,
      Map<Long, RecordEntry> entryBySeq,
      Map<Long, String> whereBySeq,
      EntryItem last) {
    RecordEntry entry = entryBySeq.get(anchor.seq());
    if (entry != null) {
      return Objects.equals(entry.hash(), anchor.hash())
          ? null
          : new Problem(
              whereBySeq.get(anchor.seq()),
              Kind.TAMPERED,
              "seq "
                  + anchor.seq()
                  + " has hash "
                  + entry.hash()
                  + " but the anchor published "
                  + anchor.hash());
    }
    if (last == null || anchor.seq() > last.entry().seq()) {
      return new Problem(
          last == null ? "(no entry)" : last.where(),
          Kind.TRUNCATED,
          "the chain ends "
              + (last == null ? "before it starts" : "at seq " + last.entry().seq())
              + " but anchor "
              + anchor
              + " was published: the entries after it were removed");
    }
    return new Problem(
        "(anchor " + anchor + ")",
        Kind.MISSING,
        "no entry with seq " + anchor.seq() + " in what was read");
  }

  private static ProblemItem problem(String where, Kind kind, String reason) {
    return new ProblemItem(new Problem(where, kind, reason));
  }
}
