package dev.rempart.compliance;

import dev.rempart.core.ClauseCatalog.Clause;
import dev.rempart.core.Control;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.EvaluationResult.ControlRun;
import dev.rempart.core.Evidence;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.Map;

/**
 * Evidence derived from what the core gives today: a control that ran and has findings for the
 * clause is non-compliant; one that ran over governed namespaces without findings is compliant; one
 * that governs no namespace has nothing to apply to.
 */
public final class DerivedEvidence implements EvidenceSource {
  @Override
  public ControlEvidence evidence(
      Clause clause, Control control, EvaluationResult result, Snapshot snapshot) {
    ControlRun run =
        result.controls().stream()
            .filter(r -> r.name().equals(control.name()))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(control.name() + " did not run"));
    List<Namespace> governed = result.governance().governed();
    List<ResourceRef> examined = ExaminedObjects.of(control, governed, snapshot);
    Map<String, Integer> byKind = ExaminedObjects.countByKind(examined);
    List<String> namespaces = governed.stream().map(n -> n.getMetadata().getName()).toList();
    List<Finding> findings =
        result.findings().stream()
            .filter(f -> f.control().equals(control.name()) && clause.isCitedBy(f.clause()))
            .filter(f -> !control.advisory(f))
            .toList();
    List<Evidence> records =
        result.evidence().stream()
            .filter(e -> e.control().equals(control.name()) && clause.isCitedBy(e.clause()))
            .toList();
    List<Evidence> unverifiable =
        records.stream().filter(e -> e.status() == Evidence.Status.NOT_VERIFIABLE).toList();
    boolean failing = records.stream().anyMatch(e -> e.status() == Evidence.Status.NON_COMPLIANT);
    ClauseStatus status;
    String reason;
    if (!findings.isEmpty() || failing) {
      status = ClauseStatus.NON_COMPLIANT;
      reason =
          findings.size()
              + (findings.size() == 1 ? " finding" : " findings")
              + " of the "
              + control.name()
              + " control in "
              + governed.size()
              + " governed namespaces.";
    } else if (!unverifiable.isEmpty()) {
      status = ClauseStatus.NOT_VERIFIABLE;
      reason =
          "The "
              + control.name()
              + " control found nothing wrong, but "
              + unverifiable.size()
              + (unverifiable.size() == 1 ? " check" : " checks")
              + " could not be verified: "
              + unverifiable.get(0).reason();
    } else if (governed.isEmpty() && records.isEmpty()) {
      status = ClauseStatus.NOT_APPLICABLE;
      reason =
          "The baseline governs no namespace, so the "
              + control.name()
              + " control had nothing to check.";
    } else {
      status = ClauseStatus.COMPLIANT;
      reason =
          "The "
              + control.name()
              + " control examined "
              + examined.size()
              + " objects in "
              + governed.size()
              + " governed namespaces and found nothing wrong.";
    }
    return new ControlEvidence(
        control.name(), run.mode(), status, reason, byKind, namespaces, findings, records);
  }
}
