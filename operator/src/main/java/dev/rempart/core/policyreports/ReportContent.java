package dev.rempart.core.policyreports;

import java.util.List;

/**
 * What one policy report of a baseline says: about one governed namespace, or about the
 * cluster-scoped objects ({@code namespace} null).
 *
 * @param namespace the namespace the report lives in, or null for the cluster report
 * @param summary the exact counts of every result, including those left out of {@code entries}
 * @param entries the results kept, most severe first: fails, then skips, then passes
 * @param omitted how many results were left out to keep the report bounded
 */
public record ReportContent(
    String namespace, Summary summary, List<ReportEntry> entries, int omitted) {

  public ReportContent {
    entries = List.copyOf(entries);
  }

  /** True for the report about cluster-scoped objects. */
  public boolean clusterScoped() {
    return namespace == null;
  }

  /**
   * Counts of results by outcome.
   *
   * @param pass controls with nothing to report in the scope
   * @param fail open findings
   * @param skip findings an active exception covers
   */
  public record Summary(int pass, int fail, int skip) {
    public int total() {
      return pass + fail + skip;
    }
  }
}
