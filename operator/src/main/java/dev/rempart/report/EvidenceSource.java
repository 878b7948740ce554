package dev.rempart.report;

import dev.rempart.core.ClauseCatalog.Clause;
import dev.rempart.core.Control;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Snapshot;

/**
 * Where a report gets each control's evidence for a clause. This is the seam for the core's
 * per-control evidence (compliant / non-compliant / not verifiable, decided by the control that
 * knows its checks): until the core provides it, {@link DerivedEvidence} derives it from the
 * findings and the types the control reads.
 */
public interface EvidenceSource {
  /** The evidence of a control that ran, for one clause it implements. */
  ControlEvidence evidence(
      Clause clause, Control control, EvaluationResult result, Snapshot snapshot);
}
