package dev.rempart.core.status;

import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.BaselineExceptionStatus;
import dev.rempart.api.v1alpha1.ExceptionPhase;
import dev.rempart.api.v1alpha1.SummaryLimits;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Finding;
import dev.rempart.core.exceptions.ExceptionAssessment;
import dev.rempart.core.exceptions.HeldBack;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The baseline's Excepted condition, and the status of a BaselineException. */
public final class ExceptionConditions {
  /** The condition type on a BaselineException: True while it is honoured. */
  public static final String ACTIVE = "Active";

  private ExceptionConditions() {}

  /**
   * Says which active exceptions cover findings or hold back writes, and which are not honoured.
   */
  static Condition excepted(
      EvaluationResult result, List<Finding> excepted, long generation, Instant now) {
    List<HeldBack> heldBack = result.heldBack();
    Set<String> used = new TreeSet<>();
    excepted.forEach(f -> used.add(f.exceptedBy()));
    heldBack.forEach(h -> used.add(h.exception()));
    List<String> ignored =
        result.exceptions().stream()
            .filter(a -> !a.active())
            .map(a -> a.name() + " (" + a.phase() + ")")
            .toList();
    String notHonoured =
        ignored.isEmpty()
            ? ""
            : " Not honoured: " + StatusCalculator.examples(new TreeSet<>(ignored)) + ".";
    if (used.isEmpty()) {
      return Conditions.of(
          Conditions.EXCEPTED,
          false,
          Conditions.REASON_NO_EXCEPTIONS,
          "No active BaselineException covers a finding or an object." + notHonoured,
          generation,
          now);
    }
    String message =
        excepted.size()
            + " findings excepted and "
            + heldBack.size()
            + " writes held back by "
            + StatusCalculator.examples(used)
            + "."
            + (heldBack.isEmpty()
                ? ""
                : " Rempart does not "
                    + String.join(
                        "; ",
                        heldBack.stream()
                            .limit(SummaryLimits.EXAMPLES)
                            .map(HeldBack::headline)
                            .toList())
                    + (heldBack.size() > SummaryLimits.EXAMPLES
                        ? "; and " + (heldBack.size() - SummaryLimits.EXAMPLES) + " more."
                        : "."))
            + notHonoured;
    return Conditions.of(
        Conditions.EXCEPTED, true, Conditions.REASON_EXCEPTIONS_APPLY, message, generation, now);
  }

  /** The status of an exception as assessed; the condition keeps its time while it holds. */
  public static BaselineExceptionStatus status(
      BaselineException exception, ExceptionAssessment assessment, Instant now) {
    long generation =
        exception.getMetadata().getGeneration() == null
            ? 0
            : exception.getMetadata().getGeneration();
    BaselineExceptionStatus status = new BaselineExceptionStatus();
    status.setObservedGeneration(generation);
    status.setPhase(assessment.phase());
    List<Condition> conditions = new ArrayList<>();
    conditions.add(
        Conditions.of(
            ACTIVE,
            assessment.phase() == ExceptionPhase.Active,
            assessment.reason(),
            assessment.message(),
            generation,
            now));
    List<Condition> previous =
        exception.getStatus() == null ? List.of() : exception.getStatus().getConditions();
    conditions.replaceAll(c -> Conditions.carryTransitionTime(c, previous));
    status.setConditions(conditions);
    return status;
  }
}
