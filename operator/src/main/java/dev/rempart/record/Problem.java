package dev.rempart.record;

/**
 * What a verification found wrong, and where.
 *
 * @param where the file or object and line, e.g. {@code record.jsonl:12}
 */
public record Problem(String where, Kind kind, String reason) {
  public enum Kind {
    /** A line whose content is not what was written (its hash or its link does not match). */
    TAMPERED,
    /** Entries or batches absent from the sequence. */
    MISSING,
    /** Entries or batches present but out of order, or repeated. */
    REORDERED,
    /** The chain ends before an anchor that was published outside it. */
    TRUNCATED,
    /** A stored batch not locked as the record requires (COMPLIANCE mode, long enough). */
    UNPROTECTED
  }

  @Override
  public String toString() {
    return where + ": " + kind.name().toLowerCase(java.util.Locale.ROOT) + ": " + reason;
  }
}
