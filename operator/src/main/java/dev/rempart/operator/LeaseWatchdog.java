package dev.rempart.operator;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps a leader down when it cannot confirm its lease within the renew deadline, as client-go's
 * leader election does. fabric8's elector checks its deadline only between two renewals: cut off by
 * a partition that drops packets, its renewal hangs and it went on believing it leads for minutes
 * (PartitionFaultIT), while the other replica had long taken over. Fencing kept it from writing;
 * this makes it give up, so that it exits and waits for the lease again.
 *
 * <p>Two threads: one reads the lease every {@code period} through the guard (the read may hang as
 * long as the client lets it), the other judges how old the last confirmation is, every half
 * period, whatever the first is doing.
 */
final class LeaseWatchdog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseWatchdog.class);

  private final LeaseGuard guard;
  private final Duration deadline;
  private volatile Runnable stepDown;
  private final AtomicBoolean steppedDown = new AtomicBoolean();
  private final ScheduledExecutorService timer =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "rempart-lease-watchdog");
            t.setDaemon(true);
            return t;
          });

  LeaseWatchdog(LeaseGuard guard, Duration deadline) {
    this.guard = guard;
    this.deadline = deadline;
  }

  /** Starts watching when this instance starts leading; {@code stepDown} gives the lease up. */
  void start(Duration period, Runnable stepDown) {
    this.stepDown = stepDown;
    guard.leadingStarted();
    timer.scheduleWithFixedDelay(
        this::confirm, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    long half = Math.max(1, period.toMillis() / 2);
    timer.scheduleAtFixedRate(this::check, half, half, TimeUnit.MILLISECONDS);
  }

  /**
   * Reads the lease through the guard. A failure is only a missing confirmation: the task must keep
   * running (an exception would cancel it, and the leader would step down for nothing).
   */
  private void confirm() {
    try {
      guard.confirm();
    } catch (RuntimeException e) {
      LOG.warn("could not read the leader-election lease: {}", e.toString());
    }
  }

  /** Steps down, once, when the lease has gone unconfirmed past the deadline. */
  void check() {
    if (guard.unconfirmedFor(deadline) && steppedDown.compareAndSet(false, true)) {
      LOG.error(
          "could not confirm the leader-election lease for {} s (the renew deadline); stepping down",
          deadline.toSeconds());
      stepDown.run();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
