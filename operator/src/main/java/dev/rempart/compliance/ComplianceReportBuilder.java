package dev.rempart.compliance;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.ClauseCatalog;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Evaluator;
import dev.rempart.core.Finding;
import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Puts a compliance report together from one evaluation. */
public final class ComplianceReportBuilder {
  static final String HOW_STATUS_IS_DECIDED =
      "A clause is compliant only when every control behind it ran, examined objects and found"
          + " nothing wrong. Evidence Rempart cannot see is reported as not verifiable, with the"
          + " reason, never as passed.";
  static final String DERIVED_EVIDENCE =
      "A control's status comes from its findings, from what it recorded it could or could not"
          + " verify (listed under Evidence), and from the objects of the types it reads in the"
          + " governed namespaces.";

  private final Evaluator evaluator;
  private final String rempartVersion;
  private DeletionHistory deletions;

  public ComplianceReportBuilder(Evaluator evaluator, String rempartVersion) {
    this.evaluator = evaluator;
    this.rempartVersion = rempartVersion;
  }

  /** Adds what the record says was deleted, and when, to clause 8 (see {@link DeletionHistory}). */
  public ComplianceReportBuilder withDeletionHistory(DeletionHistory history) {
    this.deletions = history;
    return this;
  }

  /**
   * The report of one evaluation.
   *
   * @param origin where the baseline was read
   * @param unreadable types that could not be listed, with the reason
   * @param notes what the reader must know about this source (added after the standard notes)
   */
  public ComplianceReport build(
      SecurityBaseline baseline,
      String origin,
      EvaluationResult result,
      Snapshot snapshot,
      ComplianceReport.Source source,
      Map<Class<? extends HasMetadata>, String> unreadable,
      List<String> notes) {
    List<ClauseAssessment> clauses =
        new ClauseAssessor(evaluator.controls(), new DerivedEvidence(), rempartVersion)
            .assess(result, snapshot, unreadable);
    List<Finding> other =
        result.findings().stream().filter(f -> ClauseCatalog.cited(f.clause()).isEmpty()).toList();
    List<String> allNotes = new ArrayList<>();
    allNotes.add(HOW_STATUS_IS_DECIDED);
    allNotes.add(DERIVED_EVIDENCE);
    allNotes.addAll(notes);
    if (deletions != null) {
      clauses = deletions.addTo(clauses);
      allNotes.add(deletions.note());
    }
    return new ComplianceReport(
        rempartVersion,
        result.evaluatedAt(),
        source,
        new ComplianceReport.Baseline(
            baseline.getMetadata().getName(),
            origin,
            baseline.getMetadata().getGeneration(),
            baseline.getSpec().effectiveMode()),
        result.governance().governed().stream().map(n -> n.getMetadata().getName()).toList(),
        clauses,
        other,
        allNotes);
  }
}
