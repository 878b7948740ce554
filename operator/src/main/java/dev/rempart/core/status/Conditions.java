package dev.rempart.core.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Condition types and reasons of a SecurityBaseline, and the rule that {@code lastTransitionTime}
 * moves only when a condition's status changes.
 */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String COMPLIANT = "Compliant";
  public static final String CONFLICTING = "Conflicting";
  public static final String EXCEPTED = "Excepted";
  public static final String CONTESTED = "Contested";

  /** Ready=True: the baseline was evaluated and, in Enforce, everything was applied. */
  public static final String REASON_RECONCILED = "Reconciled";

  /** Ready=False: some desired object could not be applied or removed. */
  public static final String REASON_APPLY_FAILED = "ApplyFailed";

  /** Ready=False: the spec cannot be evaluated (the API server's validation was bypassed). */
  public static final String REASON_INVALID_SPEC = "InvalidSpec";

  /** Compliant=True: no open finding. */
  public static final String REASON_NO_FINDINGS = "NoFindings";

  /** Compliant=False: open findings; the message counts them. */
  public static final String REASON_FINDINGS = "FindingsOpen";

  /** Compliant=False: no open finding, but active exceptions cover some: not compliant. */
  public static final String REASON_FINDINGS_EXCEPTED = "FindingsExcepted";

  /** Excepted=True: active BaselineExceptions cover findings or hold back writes. */
  public static final String REASON_EXCEPTIONS_APPLY = "ExceptionsApply";

  /** Excepted=False: no active exception covers anything. */
  public static final String REASON_NO_EXCEPTIONS = "NoExceptions";

  /** Compliant=Unknown: not evaluated yet, or the evaluation failed. */
  public static final String REASON_NOT_EVALUATED = "NotEvaluated";

  /** Conflicting=True: another baseline selects some of the same namespaces. */
  public static final String REASON_OVERLAP = "OverlappingBaselines";

  /** Conflicting=False: no other baseline selects these namespaces. */
  public static final String REASON_NO_OVERLAP = "NoOverlap";

  /** Contested=True: another writer keeps undoing an object Rempart manages; repairs back off. */
  public static final String REASON_REPEATED_REVERTS = "RepeatedReverts";

  /** Contested=False: nobody keeps undoing what Rempart manages. */
  public static final String REASON_NO_REPEATED_REVERTS = "NoRepeatedReverts";

  private Conditions() {}

  public static Condition of(
      String type, boolean status, String reason, String message, long generation, Instant now) {
    return of(type, status ? "True" : "False", reason, message, generation, now);
  }

  public static Condition of(
      String type, String status, String reason, String message, long generation, Instant now) {
    return new ConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withObservedGeneration(generation)
        .withLastTransitionTime(now.toString())
        .build();
  }

  /** Keeps the previous transition time of a condition whose status did not change. */
  public static Condition carryTransitionTime(Condition next, List<Condition> previous) {
    if (previous == null) {
      return next;
    }
    for (Condition old : previous) {
      if (Objects.equals(old.getType(), next.getType())
          && Objects.equals(old.getStatus(), next.getStatus())
          && old.getLastTransitionTime() != null) {
        next.setLastTransitionTime(old.getLastTransitionTime());
      }
    }
    return next;
  }

  /** The condition of the given type, or null. */
  public static Condition find(List<Condition> conditions, String type) {
    if (conditions == null) {
      return null;
    }
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
  }
}
