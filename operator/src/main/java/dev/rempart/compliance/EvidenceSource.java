package dev.rempart.compliance;

import dev.rempart.core.ClauseCatalog.Clause;
import dev.rempart.core.Control;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Snapshot;

/**
 * Where a report gets each control's evidence for a clause: the one place that turns what the core
 * returned into a status. {@link DerivedEvidence} is the implementation; tests substitute others.
 */
public interface EvidenceSource {
  /** The evidence of a control that ran, for one clause it implements. */
  ControlEvidence evidence(
      Clause clause, Control control, EvaluationResult result, Snapshot snapshot);
}
