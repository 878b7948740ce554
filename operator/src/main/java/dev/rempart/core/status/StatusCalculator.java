package dev.rempart.core.status;

import dev.rempart.api.v1alpha1.BaselineSummary;
import dev.rempart.api.v1alpha1.ControlStatus;
import dev.rempart.api.v1alpha1.FindingCounts;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.api.v1alpha1.SecurityBaselineStatus;
import dev.rempart.api.v1alpha1.SummaryLimits;
import dev.rempart.core.Conflict;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Finding;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns an evaluation into the baseline's status. Pure: the same inputs give the same status, and a
 * condition keeps its transition time while its status holds.
 */
public final class StatusCalculator {
  private StatusCalculator() {}

  /**
   * @param baseline the baseline as last read (its status supplies previous transition times)
   * @param result the evaluation
   * @param open the findings still open after what Rempart applied, in {@link Finding#ORDER} (as
   *     {@link EvaluationResult#openFindings} gives them)
   * @param applyError why applying failed, or null
   */
  public static SecurityBaselineStatus compute(
      SecurityBaseline baseline, EvaluationResult result, List<Finding> open, String applyError) {
    return compute(baseline, result, open, applyError, null);
  }

  /**
   * @param baseline the baseline as last read (its status supplies previous transition times)
   * @param result the evaluation
   * @param open the findings still open after what Rempart applied, in {@link Finding#ORDER} (as
   *     {@link EvaluationResult#openFindings} gives them)
   * @param applyError why applying failed, or null
   * @param contested which objects another writer keeps undoing (Rempart's repairs of them back
   *     off), or null when none
   */
  public static SecurityBaselineStatus compute(
      SecurityBaseline baseline,
      EvaluationResult result,
      List<Finding> open,
      String applyError,
      String contested) {
    long generation =
        baseline.getMetadata().getGeneration() == null ? 0 : baseline.getMetadata().getGeneration();
    var now = result.evaluatedAt();
    SecurityBaselineStatus status = new SecurityBaselineStatus();
    status.setObservedGeneration(generation);
    status.setLastEvaluationTime(now.toString());
    // Each pass over the findings costs what the cluster holds (670,000 findings at 10,000
    // namespaces): the excepted ones are picked out once.
    List<Finding> excepted = result.exceptedFindings();
    status.setSummary(summary(result, open, excepted));
    status.setControls(controls(result, open, excepted));

    List<Condition> previous =
        baseline.getStatus() == null ? List.of() : baseline.getStatus().getConditions();
    List<Condition> conditions = new ArrayList<>();
    conditions.add(
        applyError == null
            ? Conditions.of(
                Conditions.READY,
                true,
                Conditions.REASON_RECONCILED,
                "Evaluated " + result.governance().governed().size() + " governed namespaces.",
                generation,
                now)
            : Conditions.of(
                Conditions.READY,
                false,
                Conditions.REASON_APPLY_FAILED,
                applyError,
                generation,
                now));
    conditions.add(compliant(open, excepted, generation, now));
    conditions.add(conflicting(result.governance().conflicts(), generation, now));
    conditions.add(ExceptionConditions.excepted(result, excepted, generation, now));
    conditions.add(contested(contested, generation, now));
    conditions.replaceAll(c -> Conditions.carryTransitionTime(c, previous));
    status.setConditions(conditions);
    return status;
  }

  /**
   * A copy of a status as of another evaluation time: the same summary, controls and conditions (a
   * new list of them, so that one can be added to the copy alone).
   */
  public static SecurityBaselineStatus restamped(SecurityBaselineStatus status, Instant now) {
    SecurityBaselineStatus copy = new SecurityBaselineStatus();
    copy.setObservedGeneration(status.getObservedGeneration());
    copy.setLastEvaluationTime(now.toString());
    copy.setSummary(status.getSummary());
    copy.setControls(status.getControls());
    copy.setConditions(new ArrayList<>(status.getConditions()));
    return copy;
  }

  /**
   * Adds a condition the core does not compute (the operator's reports), keeping its previous
   * transition time when its status did not change; does nothing for a null condition.
   */
  public static void addCondition(
      SecurityBaseline baseline, SecurityBaselineStatus status, Condition condition) {
    if (condition == null) {
      return;
    }
    List<Condition> previous =
        baseline.getStatus() == null ? List.of() : baseline.getStatus().getConditions();
    status.getConditions().add(Conditions.carryTransitionTime(condition, previous));
  }

  /** The status of a baseline whose spec cannot be evaluated. */
  public static SecurityBaselineStatus invalid(
      SecurityBaseline baseline, String message, java.time.Instant now) {
    long generation =
        baseline.getMetadata().getGeneration() == null ? 0 : baseline.getMetadata().getGeneration();
    SecurityBaselineStatus status = new SecurityBaselineStatus();
    status.setObservedGeneration(generation);
    status.setLastEvaluationTime(now.toString());
    List<Condition> previous =
        baseline.getStatus() == null ? List.of() : baseline.getStatus().getConditions();
    List<Condition> conditions = new ArrayList<>();
    conditions.add(
        Conditions.of(
            Conditions.READY, false, Conditions.REASON_INVALID_SPEC, message, generation, now));
    conditions.add(
        Conditions.of(
            Conditions.COMPLIANT,
            "Unknown",
            Conditions.REASON_NOT_EVALUATED,
            "The baseline was not evaluated.",
            generation,
            now));
    conditions.replaceAll(c -> Conditions.carryTransitionTime(c, previous));
    status.setConditions(conditions);
    return status;
  }

  /** Excepted findings are neither open nor compliant: with some, the baseline is not Compliant. */
  private static Condition compliant(
      List<Finding> open, List<Finding> excepted, long generation, java.time.Instant now) {
    if (!open.isEmpty()) {
      return Conditions.of(
          Conditions.COMPLIANT,
          false,
          Conditions.REASON_FINDINGS,
          describe(counts(open))
              + (excepted.isEmpty() ? "" : " " + excepted.size() + " more are excepted."),
          generation,
          now);
    }
    if (!excepted.isEmpty()) {
      return Conditions.of(
          Conditions.COMPLIANT,
          false,
          Conditions.REASON_FINDINGS_EXCEPTED,
          "No open finding, but "
              + excepted.size()
              + " findings are excepted by BaselineExceptions (see condition Excepted).",
          generation,
          now);
    }
    return Conditions.of(
        Conditions.COMPLIANT,
        true,
        Conditions.REASON_NO_FINDINGS,
        "No open finding.",
        generation,
        now);
  }

  private static Condition contested(String contested, long generation, java.time.Instant now) {
    return contested == null
        ? Conditions.of(
            Conditions.CONTESTED,
            false,
            Conditions.REASON_NO_REPEATED_REVERTS,
            "No other writer keeps undoing what Rempart manages.",
            generation,
            now)
        : Conditions.of(
            Conditions.CONTESTED,
            true,
            Conditions.REASON_REPEATED_REVERTS,
            contested,
            generation,
            now);
  }

  private static Condition conflicting(
      List<Conflict> conflicts, long generation, java.time.Instant now) {
    if (conflicts.isEmpty()) {
      return Conditions.of(
          Conditions.CONFLICTING,
          false,
          Conditions.REASON_NO_OVERLAP,
          "No other baseline selects these namespaces.",
          generation,
          now);
    }
    Set<String> namespaces = new TreeSet<>();
    Set<String> others = new TreeSet<>();
    Set<String> yielded = new TreeSet<>();
    for (Conflict c : conflicts) {
      namespaces.add(c.namespace());
      others.add(c.otherBaseline());
      if (!c.thisBaselineActs()) {
        yielded.add(c.namespace());
      }
    }
    String message =
        namespaces.size()
            + " namespaces ("
            + examples(namespaces)
            + ") are also selected by "
            + String.join(", ", others)
            + ". The oldest baseline acts there; this one "
            + (yielded.isEmpty()
                ? "is the oldest and acts in all of them."
                : "yields in " + yielded.size() + " (" + examples(yielded) + ").");
    return Conditions.of(
        Conditions.CONFLICTING, true, Conditions.REASON_OVERLAP, message, generation, now);
  }

  private static BaselineSummary summary(
      EvaluationResult result, List<Finding> open, List<Finding> excepted) {
    BaselineSummary summary = new BaselineSummary();
    Set<String> governed = new HashSet<>();
    result.governance().governed().forEach(n -> governed.add(n.getMetadata().getName()));
    Set<String> failing = new HashSet<>();
    List<Finding> notCompliant = new ArrayList<>(open);
    notCompliant.addAll(excepted);
    for (Finding f : notCompliant) {
      String ns =
          f.resource().namespace() != null
              ? f.resource().namespace()
              : ("Namespace".equals(f.resource().kind()) ? f.resource().name() : null);
      if (ns != null) {
        failing.add(ns);
      }
    }
    failing.retainAll(governed);
    summary.setGovernedNamespaces(governed.size());
    summary.setCompliantNamespaces(governed.size() - failing.size());
    summary.setConflictingNamespaces(
        (int) result.governance().conflicts().stream().map(Conflict::namespace).distinct().count());
    summary.setFindings(counts(open));
    summary.setRemediated(result.findings().size() - excepted.size() - open.size());
    summary.setExcepted(excepted.size());
    summary.setHeldBack(result.heldBack().size());
    summary.setExamples(examples(open));
    summary.setVulnerabilities(VulnerabilityFigures.of(result));
    return summary;
  }

  private static List<ControlStatus> controls(
      EvaluationResult result, List<Finding> open, List<Finding> excepted) {
    Map<String, List<Finding>> byControl =
        open.stream().collect(Collectors.groupingBy(Finding::control));
    Map<String, Long> exceptedByControl =
        excepted.stream().collect(Collectors.groupingBy(Finding::control, Collectors.counting()));
    List<ControlStatus> controls = new ArrayList<>();
    for (EvaluationResult.ControlRun run : result.controls()) {
      List<Finding> findings = byControl.getOrDefault(run.name(), List.of());
      ControlStatus status = new ControlStatus();
      status.setName(run.name());
      status.setClauses(run.clauses());
      status.setMode(run.mode());
      status.setFindings(counts(findings));
      status.setExcepted(exceptedByControl.getOrDefault(run.name(), 0L).intValue());
      status.setExamples(examples(findings));
      controls.add(status);
    }
    return controls;
  }

  /** Counts findings by severity. */
  public static FindingCounts counts(Collection<Finding> findings) {
    int[] by = new int[Severity.values().length];
    for (Finding f : findings) {
      by[f.severity().ordinal()]++;
    }
    return new FindingCounts(
        by[Severity.CRITICAL.ordinal()],
        by[Severity.HIGH.ordinal()],
        by[Severity.MEDIUM.ordinal()],
        by[Severity.LOW.ordinal()]);
  }

  /** The most severe few, first: a selection in one pass, not a sort of every finding. */
  private static List<String> examples(List<Finding> findings) {
    // Open findings come in Finding.ORDER, most severe first (an evaluation result keeps them so,
    // and every list here is a filter of it): the worst are the first.
    return findings.stream().limit(SummaryLimits.EXAMPLES).map(Finding::headline).toList();
  }

  static String examples(Set<String> names) {
    String shown = names.stream().limit(SummaryLimits.EXAMPLES).collect(Collectors.joining(", "));
    return names.size() > SummaryLimits.EXAMPLES
        ? shown + ", and " + (names.size() - SummaryLimits.EXAMPLES) + " more"
        : shown;
  }

  private static String describe(FindingCounts c) {
    return c.getTotal()
        + " open findings (critical "
        + c.getCritical()
        + ", high "
        + c.getHigh()
        + ", medium "
        + c.getMedium()
        + ", low "
        + c.getLow()
        + ").";
  }
}
