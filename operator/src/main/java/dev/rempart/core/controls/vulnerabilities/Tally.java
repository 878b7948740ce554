package dev.rempart.core.controls.vulnerabilities;

import dev.rempart.core.Evidence;
import dev.rempart.core.OldestOpen;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import java.util.EnumMap;
import java.util.Map;

/** How many vulnerabilities of a namespace stand where, for its evidence. */
final class Tally {
  private final Map<SlaState, Integer> byState = new EnumMap<>(SlaState.class);
  private int fromReports;
  private OldestOpen oldestOpenCritical;

  /**
   * @param repository the image repository the vulnerability was seen in, with its registry
   */
  void count(AssessedVulnerability a, String repository) {
    byState.merge(a.state(), 1, Integer::sum);
    if (!a.fromStore()) {
      fromReports++;
    }
    if (a.severity() == Severity.CRITICAL && a.due() != null && a.state().deadlineRuns()) {
      oldestOpenCritical =
          OldestOpen.older(
              oldestOpenCritical, new OldestOpen(subject(a, repository), a.clockStart()));
    }
  }

  /** {@code CVE-2026-0001 (openssl) in ghcr.io/acme/shop}. */
  private static String subject(AssessedVulnerability a, String repository) {
    String resource = a.vulnerability().getResource();
    return a.vulnerability().getVulnerabilityID()
        + (ScannedImage.blank(resource) ? "" : " (" + resource + ")")
        + " in "
        + repository;
  }

  int count(SlaState state) {
    return byState.getOrDefault(state, 0);
  }

  Evidence evidence(String namespace, int reports) {
    int total = byState.values().stream().mapToInt(Integer::intValue).sum();
    String reason =
        reports
            + (reports == 1 ? " VulnerabilityReport lists " : " VulnerabilityReports list ")
            + total
            + " vulnerabilities: "
            + count(SlaState.BREACHED)
            + " past their SLA, "
            + count(SlaState.DUE_SOON)
            + " due soon, "
            + count(SlaState.WITHIN_SLA)
            + " within it, "
            + count(SlaState.UNFIXABLE)
            + " with no fix yet, "
            + count(SlaState.NO_DEADLINE)
            + " with no deadline."
            + (fromReports == 0
                ? " Every clock comes from Rempart's first-seen store."
                : " "
                    + fromReports
                    + " clocks start at their report's scan time: Rempart's first-seen store has"
                    + " no entry for them (rempart audit keeps none).");
    return new Evidence(
        VulnerabilitiesControl.NAME,
        VulnerabilitiesControl.EVIDENCE_CHECK,
        VulnerabilitiesControl.CLAUSE,
        count(SlaState.BREACHED) > 0 ? Evidence.Status.NON_COMPLIANT : Evidence.Status.COMPLIANT,
        ResourceRef.namespace(namespace),
        reason,
        oldestOpenCritical);
  }
}
