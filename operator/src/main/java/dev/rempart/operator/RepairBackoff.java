package dev.rempart.operator;

import java.time.Duration;

/**
 * How Rempart backs off from another writer that keeps undoing an object it manages (a GitOps tool
 * or a script that holds a different version): the first repairs are immediate, later ones wait
 * longer and longer, and Rempart never gives up.
 *
 * @param immediateRepairs how many reverts of one object are repaired at once before backing off (a
 *     single drift, or a couple, is always repaired immediately)
 * @param firstDelay the wait before the first repair that is not immediate; each further revert
 *     doubles it
 * @param maxDelay the longest wait between two repairs of one object
 * @param quietWindow how long Rempart's version must stand, undisturbed, for the object's revert
 *     count to start again from zero (and its {@code Contested} condition to clear)
 */
public record RepairBackoff(
    int immediateRepairs, Duration firstDelay, Duration maxDelay, Duration quietWindow) {

  public RepairBackoff {
    if (immediateRepairs < 1) {
      throw new IllegalArgumentException("at least the first revert is repaired at once");
    }
    if (firstDelay.isNegative()
        || firstDelay.isZero()
        || maxDelay.compareTo(firstDelay) < 0
        || quietWindow.isNegative()
        || quietWindow.isZero()) {
      throw new IllegalArgumentException(
          "need 0 < firstDelay <= maxDelay and a positive quietWindow");
    }
  }

  /** Three immediate repairs, then 10 s, 20 s, 40 s ... up to 5 min; 5 quiet minutes reset it. */
  public static RepairBackoff defaults() {
    return new RepairBackoff(
        3, Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(5));
  }

  /** The wait before repairing the {@code revert}-th revert (1-based) of a fight. */
  Duration delayBefore(int revert) {
    int deferred = revert - immediateRepairs;
    if (deferred <= 0) {
      return Duration.ZERO;
    }
    Duration delay = firstDelay;
    for (int i = 1; i < deferred && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }
}
