package dev.rempart.core.controls.vulnerabilities;

import dev.rempart.core.Evidence;
import dev.rempart.core.ResourceRef;
import java.util.EnumMap;
import java.util.Map;

/** How many vulnerabilities of a namespace stand where, for its evidence. */
final class Tally {
  private final Map<SlaState, Integer> byState = new EnumMap<>(SlaState.class);
  private int fromReports;

  void count(AssessedVulnerability a) {
    byState.merge(a.state(), 1, Integer::sum);
    if (!a.fromStore()) {
      fromReports++;
    }
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
        reason);
  }
}
