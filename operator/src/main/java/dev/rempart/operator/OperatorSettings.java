package dev.rempart.operator;

import java.time.Clock;
import java.time.Duration;

/**
 * How the operator runs.
 *
 * @param resyncInterval how often every baseline is re-evaluated without any change (time-based
 *     checks: review dates, expiries)
 * @param applyConcurrency how many objects are applied to the API server at once
 * @param clock the clock evaluations use
 * @param secretMetadata watch service-account-token Secrets (metadata and type only; their data is
 *     dropped on receipt). Off by default: the chart grants no verb on Secrets unless asked, and
 *     the access control then works from ServiceAccounts' secret references.
 */
public record OperatorSettings(
    Duration resyncInterval, int applyConcurrency, Clock clock, boolean secretMetadata) {
  public static OperatorSettings defaults() {
    return new OperatorSettings(Duration.ofMinutes(10), 8, Clock.systemUTC(), false);
  }

  /** The settings with another resync interval, apply concurrency and clock. */
  public OperatorSettings(Duration resyncInterval, int applyConcurrency, Clock clock) {
    this(resyncInterval, applyConcurrency, clock, false);
  }
}
