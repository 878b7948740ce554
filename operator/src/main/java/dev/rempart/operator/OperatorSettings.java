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
 */
public record OperatorSettings(Duration resyncInterval, int applyConcurrency, Clock clock) {
  public static OperatorSettings defaults() {
    return new OperatorSettings(Duration.ofMinutes(10), 8, Clock.systemUTC());
  }
}
