package dev.rempart.operator;

import dev.rempart.operator.policyreports.ReportSettings;
import java.time.Clock;
import java.time.Duration;

/**
 * How the operator runs.
 *
 * @param resyncInterval how often every baseline is re-evaluated without any change (time-based
 *     checks: review dates, expiries)
 * @param applyConcurrency how many objects are applied to the API server at once
 * @param clock the clock evaluations use
 * @param secretMetadata watch Secrets (metadata and type only; their data is dropped on receipt),
 *     for the legacy-token check and the data deletion. Off by default: the chart grants no verb on
 *     Secrets unless asked, and the access control then works from ServiceAccounts' secret
 *     references.
 * @param onLeaseLost what to do when the leader-election lease is lost while running (not during a
 *     graceful shutdown): by default the process exits, so that its replica restarts and waits for
 *     the lease and two leaders never write at once. Tests that run several operators in one JVM
 *     pass an action that stops only the instance.
 * @param reports where and how findings are written as policy reports
 * @param record whether and where the record is kept (docs/record.md)
 */
public record OperatorSettings(
    Duration resyncInterval,
    int applyConcurrency,
    Clock clock,
    boolean secretMetadata,
    Runnable onLeaseLost,
    ReportSettings reports,
    RecordSettings record) {

  /** How long a process that lost its lease gives its shutdown hooks. */
  static final Duration EXIT_GRACE = Duration.ofSeconds(5);

  /**
   * Ends the process (status 1) from a thread of its own, so that shutdown hooks can run, and halts
   * it if they have not finished within {@link #EXIT_GRACE}: a leader that lost its lease because
   * the API server is out of reach would otherwise hang in them (closing watches, releasing the
   * lease) and never exit, a zombie that the kubelet does not restart (PartitionFaultIT).
   */
  public static final Runnable EXIT_PROCESS =
      () -> {
        Thread halt =
            new Thread(
                () -> {
                  try {
                    Thread.sleep(EXIT_GRACE.toMillis());
                  } catch (InterruptedException e) {
                    return;
                  }
                  Runtime.getRuntime().halt(1);
                },
                "rempart-lease-lost-halt");
        halt.setDaemon(true);
        halt.start();
        new Thread(() -> System.exit(1), "rempart-lease-lost").start();
      };

  public static OperatorSettings defaults() {
    return new OperatorSettings(Duration.ofMinutes(10), 8, Clock.systemUTC(), false);
  }

  /** The settings with the process exiting when the lease is lost. */
  public OperatorSettings(
      Duration resyncInterval, int applyConcurrency, Clock clock, boolean secretMetadata) {
    this(
        resyncInterval,
        applyConcurrency,
        clock,
        secretMetadata,
        EXIT_PROCESS,
        ReportSettings.defaults(),
        RecordSettings.off());
  }

  /** The settings with another resync interval, apply concurrency and clock. */
  public OperatorSettings(Duration resyncInterval, int applyConcurrency, Clock clock) {
    this(resyncInterval, applyConcurrency, clock, false);
  }

  /** These settings with another action on a lost lease. */
  public OperatorSettings withOnLeaseLost(Runnable action) {
    return new OperatorSettings(
        resyncInterval, applyConcurrency, clock, secretMetadata, action, reports, record);
  }

  /** These settings with other report settings. */
  public OperatorSettings withReports(ReportSettings reportSettings) {
    return new OperatorSettings(
        resyncInterval,
        applyConcurrency,
        clock,
        secretMetadata,
        onLeaseLost,
        reportSettings,
        record);
  }

  /** These settings with a record kept as {@code recordSettings} say. */
  public OperatorSettings withRecord(RecordSettings recordSettings) {
    return new OperatorSettings(
        resyncInterval,
        applyConcurrency,
        clock,
        secretMetadata,
        onLeaseLost,
        reports,
        recordSettings);
  }
}
