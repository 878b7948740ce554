package dev.rempart.api.v1alpha1;

/** Whether an exception is honoured. */
public enum ExceptionPhase {
  /** Before its expiry and within its baseline's maxDays: honoured. */
  Active,
  /** Asks for more than its baseline allows, or names no baseline: never honoured. */
  Invalid,
  /** Its expiresAt has passed: no longer honoured. */
  Expired
}
