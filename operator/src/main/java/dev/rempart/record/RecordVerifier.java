package dev.rempart.record;

import dev.rempart.record.Problem.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

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
  private final List<String> gaps = new ArrayList<>();
  private final List<String> anchorsFound = new ArrayList<>();
  private BatchHeader previousBatch;
  private String previousBatchWhere;

  private sealed interface Item permits EntryItem, ProblemItem {}

  /**
   * What the checks need of an entry, kept instead of the entry itself: a year of record is
   * millions of lines. The hash is checked, and gaps and anchors are noted, as the line is read.
   */
  private record EntryItem(
      String where, long seq, String hash, String prev, boolean gap, boolean hashMatches)
      implements Item {}

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
    try {
      Optional<RecordEntry> parsed = RecordLines.entryIn(text);
      if (parsed.isEmpty()) {
        otherLines++;
        return;
      }
      RecordEntry entry = parsed.get();
      if (entry.type() == EventType.GAP) {
        gaps.add(
            where
                + " (seq "
                + entry.seq()
                + "): "
                + entry.detail().getOrDefault("reason", "no reason given"));
      } else if (entry.type() == EventType.ANCHOR) {
        anchorsFound.add(entry.head() + " at " + where + " (to " + entry.detail().get("to") + ")");
      }
      items.add(
          new EntryItem(
              where,
              entry.seq(),
              entry.hash(),
              entry.prev(),
              entry.type() == EventType.GAP,
              entry.computeHash().equals(entry.hash())));
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
    List<EntryItem> entries =
        content.stream().filter(EntryItem.class::isInstance).map(EntryItem.class::cast).toList();
    if (entries.size() != content.size()) {
      return; // a malformed line is already named
    }
    EntryItem last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
    boolean matches =
        last != null
            && entries.get(0).seq() == header.first()
            && last.seq() == header.last()
            && last.hash().equals(header.lastHash());
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
                  + (last == null ? "none" : entries.get(0).seq() + ".." + last.seq())));
    }
  }

  /** A problem found outside the chain (an object's lock), kept in its place among the lines. */
  public void note(Problem problem) {
    items.add(new ProblemItem(problem));
  }

  public Verification finish() {
    List<Problem> problems = new ArrayList<>();
    long[] seqs =
        items.stream()
            .filter(EntryItem.class::isInstance)
            .mapToLong(i -> ((EntryItem) i).seq())
            .sorted()
            .toArray();
    EntryItem previous = null;
    for (Item item : items) {
      if (item instanceof ProblemItem p) {
        problems.add(p.problem());
        continue;
      }
      EntryItem current = (EntryItem) item;
      if (!current.hashMatches()) {
        problems.add(
            new Problem(
                current.where(),
                Kind.TAMPERED,
                "the entry's content does not match its hash (seq " + current.seq() + ")"));
      }
      Problem link = checkLink(previous, current, seqs);
      if (link != null) {
        problems.add(link);
      }
      previous = current;
    }
    for (ChainHead anchor : anchors) {
      Problem problem = checkAnchor(anchor, previous);
      if (problem != null) {
        problems.add(problem);
      }
    }
    return new Verification(
        seqs.length,
        List.copyOf(problems),
        List.copyOf(gaps),
        List.copyOf(anchorsFound),
        previous == null ? null : new ChainHead(previous.seq(), previous.hash()),
        otherLines);
  }

  private Problem checkLink(EntryItem previous, EntryItem current, long[] seqs) {
    if (current.gap()) {
      return null;
    }
    if (previous == null) {
      boolean starts = current.seq() == 1 && current.prev().equals(ChainHead.GENESIS.hash());
      return starts || partial
          ? null
          : new Problem(
              current.where(),
              Kind.MISSING,
              "the chain starts at seq "
                  + current.seq()
                  + ", not 1: entries before it are missing (--partial when this file continues"
                  + " an earlier one)");
    }
    long expected = previous.seq() + 1;
    if (current.seq() == expected) {
      return current.prev().equals(previous.hash())
          ? null
          : new Problem(
              current.where(),
              Kind.TAMPERED,
              "seq "
                  + current.seq()
                  + " does not chain to the entry before it ("
                  + previous.where()
                  + "): its prev is "
                  + current.prev()
                  + ", that entry's hash is "
                  + previous.hash()
                  + "; one of the two was rewritten");
    }
    if (current.seq() < expected) {
      return new Problem(
          current.where(),
          Kind.REORDERED,
          "seq "
              + current.seq()
              + " comes after seq "
              + previous.seq()
              + " ("
              + previous.where()
              + ")");
    }
    if (Arrays.binarySearch(seqs, expected) >= 0) {
      return new Problem(
          current.where(),
          Kind.REORDERED,
          "seq "
              + current.seq()
              + " comes where seq "
              + expected
              + " should, which is at "
              + firstWith(expected).where());
    }
    return new Problem(
        current.where(),
        Kind.MISSING,
        (current.seq() - 1 == expected
                ? "entry " + expected + " is"
                : "entries " + expected + ".." + (current.seq() - 1) + " are")
            + " missing between "
            + previous.where()
            + " and this line");
  }

  /** The first entry with this sequence number (a slow scan: only when a problem is named). */
  private EntryItem firstWith(long seq) {
    for (Item item : items) {
      if (item instanceof EntryItem e && e.seq() == seq) {
        return e;
      }
    }
    return null;
  }

  private Problem checkAnchor(ChainHead anchor, EntryItem last) {
    EntryItem entry = firstWith(anchor.seq());
    if (entry != null) {
      return entry.hash().equals(anchor.hash())
          ? null
          : new Problem(
              entry.where(),
              Kind.TAMPERED,
              "seq "
                  + anchor.seq()
                  + " has hash "
                  + entry.hash()
                  + " but the anchor published "
                  + anchor.hash());
    }
    if (last == null || anchor.seq() > last.seq()) {
      return new Problem(
          last == null ? "(no entry)" : last.where(),
          Kind.TRUNCATED,
          "the chain ends "
              + (last == null ? "before it starts" : "at seq " + last.seq())
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
