package dev.rempart.core.controls.vulnerabilities;

/** Where one vulnerability of one image stands against its SLA. */
enum SlaState {
  /** Past its due date: the finding clause 4.7.3 is about. */
  BREACHED("slaBreached"),
  /** Due within the baseline's {@code dueSoonDays}: a warning, not yet a breach. */
  DUE_SOON("dueSoon"),
  /** Within its SLA. */
  WITHIN_SLA(null),
  /** No fixed version exists yet: nothing to upgrade to, reported apart, never a breach. */
  UNFIXABLE("unfixable"),
  /** Its severity has no deadline (low, unless the baseline sets one; or unknown). */
  NO_DEADLINE(null);

  private final String check;

  SlaState(String check) {
    this.check = check;
  }

  /**
   * True when a deadline runs for it, whether or not it has passed: a fix exists and its severity
   * has an SLA. Only these count for the oldest open critical vulnerability.
   */
  boolean deadlineRuns() {
    return this == BREACHED || this == DUE_SOON || this == WITHIN_SLA;
  }

  /** The check of the findings in this state, or null when it makes none. */
  String check() {
    return check;
  }
}
