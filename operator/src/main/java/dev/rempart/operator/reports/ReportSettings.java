package dev.rempart.operator.reports;

/**
 * Where and how the operator writes policy reports.
 *
 * @param format the report API, or {@link ReportFormat#NONE} to write none
 * @param maxResults the most results one report keeps (the summary still counts all)
 * @param writesPerEvaluation the most reports written or removed by one evaluation; the rest follow
 *     a second later. Keeps each evaluation short when thousands of reports change at once (the
 *     first start, a new baseline), so that a drift is never kept waiting behind them.
 */
public record ReportSettings(ReportFormat format, int maxResults, int writesPerEvaluation) {
  /** Results per report by default: far below the API server's object size limit. */
  public static final int DEFAULT_MAX_RESULTS = 100;

  /**
   * Hard ceiling: at most 1 KiB a message, 500 results stay well below the 1.5 MiB limit
   * (ReportManifestTest measures it).
   */
  public static final int MAX_MAX_RESULTS = 500;

  /**
   * Report writes per evaluation by default. Measured at 2,000 namespaces on two cores (one batch:
   * first start 26 s, a drift made meanwhile waited 14.4 s): 250 held a drift at most 2.8 s and
   * took the first start to 44 s; 500 held it 4.8 s and took it to 39 s.
   */
  public static final int DEFAULT_WRITES_PER_EVALUATION = 500;

  /** The settings with {@link #DEFAULT_WRITES_PER_EVALUATION}. */
  public ReportSettings(ReportFormat format, int maxResults) {
    this(format, maxResults, DEFAULT_WRITES_PER_EVALUATION);
  }

  public ReportSettings {
    if (format == null) {
      throw new IllegalArgumentException("a report format is required");
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
