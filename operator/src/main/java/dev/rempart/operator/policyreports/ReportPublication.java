package dev.rempart.operator.policyreports;

import dev.rempart.core.status.Conditions;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;

/**
 * How a baseline's reports fared, as its {@code Reported} condition tells it.
 *
 * @param state the outcome
 * @param reason the condition's reason; null when reports are turned off
 * @param message the condition's message; null when reports are turned off
 */
public record ReportPublication(State state, String reason, String message) {
  /** Reported=False: some reports are still to be written; the next evaluation follows soon. */
  public static final String REASON_PENDING = "ReportsPending";

  /** Condition type: the findings are written as policy reports. */
  public static final String CONDITION = "Reported";

  /** Reported=True. */
  public static final String REASON_PUBLISHED = "ReportsWritten";

  /** Reported=False: the report CRD is not installed. */
  public static final String REASON_CRD_MISSING = "ReportCRDMissing";

  /** Reported=False: the API server refused a report. */
  public static final String REASON_WRITE_FAILED = "ReportWriteFailed";

  /** The outcomes. */
  public enum State {
    DISABLED,
    PUBLISHED,
    PENDING,
    CRD_MISSING,
    FAILED
  }

  static ReportPublication disabled() {
    return new ReportPublication(State.DISABLED, null, null);
  }

  static ReportPublication published(ReportFormat format, int namespaced, int cluster) {
    return new ReportPublication(
        State.PUBLISHED,
        REASON_PUBLISHED,
        "Findings are in "
            + namespaced
            + " "
            + format.kind(false)
            + (namespaced == 1 ? "" : "s")
            + " ("
            + format.apiVersion()
            + "), one per governed namespace"
            + (cluster > 0
                ? ", and a " + format.kind(true) + " for cluster-scoped objects."
                : "."));
  }

  static ReportPublication pending(ReportFormat format, int remaining) {
    return new ReportPublication(
        State.PENDING,
        REASON_PENDING,
        "Writing "
            + format.apiVersion()
            + " reports: "
            + remaining
            + (remaining == 1 ? " change" : " changes")
            + " still to write, in the background; they follow within seconds.");
  }

  static ReportPublication building(ReportFormat format) {
    return new ReportPublication(
        State.PENDING,
        REASON_PENDING,
        "Building "
            + format.apiVersion()
            + " reports from the last evaluation, in the background; they are written within"
            + " seconds.");
  }

  static ReportPublication deferred(ReportFormat format) {
    return new ReportPublication(
        State.PENDING,
        REASON_PENDING,
        "Writing "
            + format.apiVersion()
            + " reports once the namespaces Rempart just wrote to are evaluated again; they"
            + " follow within seconds.");
  }

  /** True when the baseline should be evaluated again soon, to see what is left. */
  public boolean morePending() {
    return state == State.PENDING;
  }

  static ReportPublication crdMissing(ReportFormat format, String crd) {
    return new ReportPublication(
        State.CRD_MISSING,
        REASON_CRD_MISSING,
        "No policy report is written: the CRD "
            + crd
            + " is not installed. Install it (Helm value reports.installCRDs=true), or choose"
            + " another format with --report-format (Helm value reports.format).");
  }

  static ReportPublication failed(ReportFormat format, String error) {
    return new ReportPublication(
        State.FAILED,
        REASON_WRITE_FAILED,
        "Could not write " + format.apiVersion() + " reports: " + error);
  }

  /** The baseline's {@code Reported} condition, or null when reports are turned off. */
  public Condition condition(long generation, Instant now) {
    if (state == State.DISABLED) {
      return null;
    }
    return Conditions.of(CONDITION, state == State.PUBLISHED, reason, message, generation, now);
  }
}
