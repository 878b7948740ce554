package dev.rempart.operator;

import java.time.Duration;

/**
 * Gives the writes that make the cluster what the baseline says (desired objects applied, drift
 * repaired, objects removed) priority over background writes (policy reports). On two cores a cold
 * start writes thousands of reports while it applies and repairs; every report write started then
 * takes API server CPU from a repair. So a background write starts only once no priority write is
 * queued or in flight, or after {@link #maxWait()} has passed: under steady churn a report is
 * delayed, never starved. A background write already sent is not called back.
 */
public final class WritePriority {
  /** How long a background write waits at most for the priority writes to be done, by default. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(2);

  private final long maxWaitNanos;
  private int priorityWrites;
  private long waited;

  public WritePriority() {
    this(DEFAULT_MAX_WAIT);
  }

  public WritePriority(Duration maxWait) {
    this.maxWaitNanos = maxWait.toNanos();
  }

  /** A priority write is queued: background writes wait until it is {@link #done()}. */
  public synchronized void queued() {
    priorityWrites++;
  }

  /** A priority write {@link #queued()} before is done (written, failed or not sent). */
  public synchronized void done() {
    if (priorityWrites > 0 && --priorityWrites == 0) {
      notifyAll();
    }
  }

  /** Priority writes queued or in flight now. */
  public synchronized int pending() {
    return priorityWrites;
  }

  /** How many times a background write had to wait for priority writes (for tests and metrics). */
  public synchronized long waits() {
    return waited;
  }

  public Duration maxWait() {
    return Duration.ofNanos(maxWaitNanos);
  }

  /**
   * Returns once no priority write is queued or in flight, or when {@link #maxWait()} has passed
   * since the call.
   *
   * @return false when the thread was interrupted while waiting (its interrupt flag is set again)
   */
  public synchronized boolean awaitTurn() {
    if (priorityWrites == 0) {
      return true;
    }
    waited++;
    long deadline = System.nanoTime() + maxWaitNanos;
    try {
      while (priorityWrites > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return true;
        }
        wait(Math.max(1, left / 1_000_000));
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
