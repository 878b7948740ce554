package dev.rempart.operator.policyreports;

/**
 * Where and how the operator writes policy reports.
 *
 * @param format the report API, or {@link ReportFormat#NONE} to write none
 * @param maxResults the most results one report keeps (the summary still counts all)
 * @param writers how many report writes run at once, in the background: when thousands of reports
 *     change at once (the first start, a new baseline) they are written behind the evaluations, and
 *     a drift never waits for them
 */
public record ReportSettings(ReportFormat format, int maxResults, int writers) {
  /** Results per report by default: far below the API server's object size limit. */
  public static final int DEFAULT_MAX_RESULTS = 100;

  /**
   * Hard ceiling: at most 1 KiB a message, 500 results stay well below the 1.5 MiB limit
   * (ReportManifestTest measures it).
   */
  public static final int MAX_MAX_RESULTS = 500;

  /** Report writes at once by default: a few, so that they leave the API server to repairs. */
  public static final int DEFAULT_WRITERS = 4;

  /** The settings with {@link #DEFAULT_WRITERS}. */
  public ReportSettings(ReportFormat format, int maxResults) {
    this(format, maxResults, DEFAULT_WRITERS);
  }

  public ReportSettings {
    if (format == null) {
      throw new IllegalArgumentException("a report format is required");
    }
    if (writers < 1) {
      throw new IllegalArgumentException("at least one report writer is needed, not " + writers);
    }
    if (maxResults < 1 || maxResults > MAX_MAX_RESULTS) {
      throw new IllegalArgumentException(
          "the results per report must be between 1 and "
              + MAX_MAX_RESULTS
              + ", not "
              + maxResults);
    }
  }

  /** OpenReports with {@link #DEFAULT_MAX_RESULTS}. */
  public static ReportSettings defaults() {
    return new ReportSettings(ReportFormat.OPENREPORTS, DEFAULT_MAX_RESULTS);
  }
}
