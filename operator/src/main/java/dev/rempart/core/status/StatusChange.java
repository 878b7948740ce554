package dev.rempart.core.status;

import dev.rempart.api.v1alpha1.SecurityBaselineStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Decides whether a new status is worth a write. Every informer event re-evaluates the baselines;
 * writing the status each time would turn a busy cluster into a stream of status writes. A status
 * is written when anything but the evaluation time changed, or when the recorded evaluation time is
 * older than the refresh interval.
 */
public final class StatusChange {
  private StatusChange() {}

  public static boolean worthWriting(
      SecurityBaselineStatus previous, SecurityBaselineStatus next, Duration refresh) {
    if (previous == null || previous.getLastEvaluationTime() == null) {
      return true;
    }
    if (!Objects.equals(withoutTime(previous), withoutTime(next))) {
      return true;
    }
    Instant last = Instant.parse(previous.getLastEvaluationTime());
    Instant now = Instant.parse(next.getLastEvaluationTime());
    return Duration.between(last, now).compareTo(refresh) >= 0;
  }

  private static SecurityBaselineStatus withoutTime(SecurityBaselineStatus s) {
    SecurityBaselineStatus copy = new SecurityBaselineStatus();
    copy.setObservedGeneration(s.getObservedGeneration());
    copy.setConditions(s.getConditions());
    copy.setSummary(s.getSummary());
    copy.setControls(s.getControls());
    return copy;
  }
}
