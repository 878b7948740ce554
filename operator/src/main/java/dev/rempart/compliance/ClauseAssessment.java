package dev.rempart.compliance;

import dev.rempart.core.ClauseCatalog.Clause;
import dev.rempart.core.Finding;
import java.util.List;

/**
 * One clause in a report: its status, the reason, and the evidence of each control behind it.
 *
 * @param clause the clause
 * @param status the combined status of its controls
 * @param reason why, for a person
 * @param evidence one entry per control that evidences the clause
 */
public record ClauseAssessment(
    Clause clause, ClauseStatus status, String reason, List<ControlEvidence> evidence) {
  public ClauseAssessment {
    evidence = List.copyOf(evidence);
  }

  /** Every finding of every control for this clause. */
  public List<Finding> findings() {
    return evidence.stream().flatMap(e -> e.findings().stream()).toList();
  }
}
