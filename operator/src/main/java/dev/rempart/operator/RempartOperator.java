package dev.rempart.operator;

import dev.rempart.api.storage.VolumeSnapshot;
import dev.rempart.api.storage.VolumeSnapshotContent;
import dev.rempart.api.trivy.VulnerabilityReport;
import dev.rempart.api.v1alpha1.VulnerabilityFirstSeen;
import dev.rempart.core.Evaluator;
import dev.rempart.operator.policyreports.ReportPublisher;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running operator: wires the pieces, starts the framework, stops cleanly. */
public final class RempartOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RempartOperator.class);

  /** The leader-election timings, client-go's defaults. */
  private static final Duration LEASE_DURATION = Duration.ofSeconds(15);

  private static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
  private static final Duration RETRY_PERIOD = Duration.ofSeconds(2);

  private final Operator operator;
  private final ExecutorService applyPool;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final ReportPublisher reports;
  private final Runnable releaseLease;
  private final OperatorRecord record;
  private final FirstSeenKeeper firstSeen;
  private volatile boolean stopped;

  private final AtomicBoolean stopping;

  private RempartOperator(
      Operator operator,
      ExecutorService applyPool,
      EventRecorder events,
      OperatorMetrics metrics,
      ReportPublisher reports,
      Runnable releaseLease,
      AtomicBoolean stopping,
      OperatorRecord record,
      FirstSeenKeeper firstSeen) {
    this.record = record;
    this.firstSeen = firstSeen;
    this.operator = operator;
    this.reports = reports;
    this.releaseLease = releaseLease;
    this.applyPool = applyPool;
    this.events = events;
    this.metrics = metrics;
    this.stopping = stopping;
  }

  /**
   * Starts the operator against the client's cluster.
   *
   * @param leaseNamespace where the leader-election Lease lives, or null to run without leader
   *     election
   * @param leaseName the Lease's name
   */
  public static RempartOperator start(
      KubernetesClient client, OperatorSettings settings, String leaseNamespace, String leaseName) {
    return start(client, settings, RepairBackoff.defaults(), leaseNamespace, leaseName);
  }

  /**
   * Starts the operator with another back-off from writers that keep undoing what it manages (tests
   * use short ones).
   */
  public static RempartOperator start(
      KubernetesClient client,
      OperatorSettings settings,
      RepairBackoff backoff,
      String leaseNamespace,
      String leaseName) {
    AtomicBoolean stopping = new AtomicBoolean();
    // Unique per instance: two operators never share an identity, even in one pod or JVM.
    String identity = instanceName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    LeaseFence fence =
        leaseNamespace == null
            ? null
            : new LeaseFence(
                leaseNamespace,
                leaseName,
                identity,
                RENEW_DEADLINE,
                System::nanoTime,
                // The elector stamps its renewals with the system clock, whatever the settings say.
                java.time.Clock.systemUTC());
    LeaseGuard lease =
        fence == null
            ? LeaseGuard.UNGUARDED
            : LeaseGuard.of(
                client, leaseNamespace, leaseName, identity, settings.clock(), fence::holdsLease);
    // Every request of the operator, JOSDK's and the leader elector's included, goes through the
    // fence: a view on the caller's client (closing that one cuts the operator off, as before).
    KubernetesClient fenced = fence == null ? client : fence.fenced(client);
    return start(fenced, settings, backoff, leaseNamespace, leaseName, identity, lease, stopping);
  }

  private static RempartOperator start(
      KubernetesClient client,
      OperatorSettings settings,
      RepairBackoff backoff,
      String leaseNamespace,
      String leaseName,
      String identity,
      LeaseGuard lease,
      AtomicBoolean stopping) {
    Evaluator evaluator = Evaluator.standard(OperatorIdentity.learn(client));
    Set<Class<? extends HasMetadata>> unserved = unserved(client);
    if (!unserved.isEmpty()) {
      // Said once, here: the startup gate asks the same question, every retry.
      LOG.warn(
          "the API server does not serve {}: VolumeSnapshots are not watched, and the"
              + " dataDeletion control reports that there are none (restart the operator once the"
              + " CRDs are installed)",
          VolumeSnapshot.API_VERSION);
    }
    WriteLedger ledger = new WriteLedger();
    EventRecorder events =
        new EventRecorder(client, settings.clock(), instanceName(), lease::mayWrite);
    OperatorMetrics metrics = new OperatorMetrics(settings.clock());
    ExecutorService applyPool =
        Executors.newFixedThreadPool(settings.applyConcurrency(), named("rempart-apply-"));
    OperatorRecord record = new OperatorRecord(client, settings.record(), settings.clock(), events);
    WritePriority writePriority = new WritePriority();
    Remediator remediator =
        new Remediator(
            client,
            ledger,
            events,
            metrics,
            applyPool,
            new RevertTracker(backoff, settings.clock()),
            record,
            lease::mayWrite,
            writePriority);
    ReportPublisher reports =
        new ReportPublisher(
            client, settings.reports(), settings.clock(), lease::mayWrite, writePriority);
    metrics.countReportWrites(reports);
    BaselineEvaluations evaluations = new BaselineEvaluations(evaluator);
    metrics.countEchoes(ledger);
    VulnerabilityInputs vulnerabilityInputs = VulnerabilityInputs.probe(client);
    ClusterView cluster =
        new ClusterView(
            watched(evaluator, settings, unserved, vulnerabilityInputs),
            unserved,
            ledger,
            evaluations::changed);
    BaselineReconciler reconciler =
        new BaselineReconciler(
            evaluator,
            evaluations,
            cluster,
            remediator,
            reports,
            events,
            metrics,
            settings,
            lease,
            record,
            vulnerabilityInputs,
            leaseNamespace);
    // Started on leading: it steps down a leader whose renewals hang.
    LeaseWatchdog watchdog = new LeaseWatchdog(lease, RENEW_DEADLINE);
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .checkingCRDAndValidateLocalModel(false)
                  .withCacheSyncTimeout(Duration.ofMinutes(2))
                  .withReconciliationTerminationTimeout(Duration.ofSeconds(10))
                  .withExecutorService(reconcileThreads())
                  // JOSDK's reconcile counters and timers, without per-resource series.
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics.registry()));
              if (leaseNamespace != null) {
                o.withLeaderElectionConfiguration(
                    leaderElection(
                        leaseName,
                        leaseNamespace,
                        identity,
                        stopping,
                        settings.onLeaseLost(),
                        record,
                        watchdog));
              }
            });
    operator.register(reconciler);
    operator.register(new ExceptionReconciler(events, settings, record, lease::mayWrite));
    if (leaseNamespace == null) {
      // Alone: this instance records from its start (a leader starts on taking the lease).
      record.start();
    }
    FirstSeenKeeper firstSeen =
        new FirstSeenKeeper(
            client,
            cluster::snapshot,
            settings.clock(),
            lease::mayWrite,
            () -> operator.getRuntimeInfo().allEventSourcesAreHealthy());
    operator.start();
    if (vulnerabilityInputs.reportsServed() && vulnerabilityInputs.storeServed()) {
      firstSeen.start();
    }
    LOG.info("Rempart operator started; watching {}", evaluator.watchedTypes().size() + " types");
    Runnable releaseLease =
        leaseNamespace == null
            ? () -> {}
            : () -> {
              watchdog.close();
              LeaseRelease.release(client, leaseNamespace, leaseName, identity);
            };
    return new RempartOperator(
        operator, applyPool, events, metrics, reports, releaseLease, stopping, record, firstSeen);
  }

  /**
   * Leader election on a Lease. Losing the lease while running calls {@code onLeaseLost} (by
   * default the process exits: its replica restarts and waits for the lease, so two leaders never
   * write at once); giving it up during a graceful shutdown does not, since JOSDK would otherwise
   * call System.exit from the shutdown. The record starts when leading begins (before the
   * controllers start, so their first round is recorded) and stops when it ends: only the leader
   * writes the chain.
   */
  private static LeaderElectionConfiguration leaderElection(
      String leaseName,
      String leaseNamespace,
      String identity,
      AtomicBoolean stopping,
      Runnable onLeaseLost,
      OperatorRecord record,
      LeaseWatchdog watchdog) {
    Runnable lost =
        () -> {
          watchdog.close();
          if (stopping.get()) {
            record.close();
          } else {
            // Lost, not given up: another leader may already write; this one writes nothing more.
            record.abandon();
          }
          if (!stopping.get()) {
            LOG.error("lost the leader-election lease {}/{}", leaseNamespace, leaseName);
            onLeaseLost.run();
          }
        };
    return new LeaderElectionConfiguration(
        leaseName,
        leaseNamespace,
        LEASE_DURATION,
        RENEW_DEADLINE,
        RETRY_PERIOD,
        identity,
        new LeaderCallbacks(
            () -> {
              LOG.info("leading through lease {}/{}", leaseNamespace, leaseName);
              watchdog.start(RETRY_PERIOD, lost);
              record.start();
            },
            lost,
            leader -> {}),
        false);
  }

  static Set<Class<? extends HasMetadata>> watched(
      Evaluator evaluator,
      OperatorSettings settings,
      Set<Class<? extends HasMetadata>> unserved,
      VulnerabilityInputs vulnerabilityInputs) {
    Set<Class<? extends HasMetadata>> types = new LinkedHashSet<>(evaluator.watchedTypes());
    if (!settings.secretMetadata()) {
      types.remove(Secret.class);
      LOG.info(
          "Secrets are not watched (--secret-metadata is off): the dataDeletion control cannot"
              + " see an offboarded namespace's Secrets, nor the access control legacy tokens");
    }
    // An informer on an API that is not served would never become ready.
    types.removeAll(unserved);
    if (!vulnerabilityInputs.reportsServed()) {
      types.remove(VulnerabilityReport.class);
    }
    if (!vulnerabilityInputs.storeServed()) {
      types.remove(VulnerabilityFirstSeen.class);
    }
    return types;
  }

  /**
   * The types the controls read that this API server does not serve: the CSI snapshots, whose CRDs
   * come with the external-snapshotter and are absent from many clusters. A cluster without them
   * has no snapshot to delete; the data deletion's evidence says so.
   */
  static Set<Class<? extends HasMetadata>> unserved(KubernetesClient client) {
    return client.supports(VolumeSnapshot.class)
        ? Set.of()
        : Set.of(VolumeSnapshot.class, VolumeSnapshotContent.class);
  }

  /**
   * Brings the first-seen store up to date now, as the operator does every few seconds (tests with
   * an injected clock call it).
   *
   * @return how many shards were written
   */
  public int keepFirstSeen() {
    return firstSeen.keep();
  }

  /** The operator's metrics, for the {@code /metrics} endpoint. */
  public OperatorMetrics metrics() {
    return metrics;
  }

  /** The policy-report writer (its write count, for tests and benchmarks). */
  public ReportPublisher reports() {
    return reports;
  }

  /** The record's side of the operator (tests anchor and read its head). */
  public OperatorRecord record() {
    return record;
  }

  /** Ready when every informer is synced and healthy. */
  public boolean isReady() {
    return !stopped && operator.getRuntimeInfo().allEventSourcesAreHealthy();
  }

  public boolean isLive() {
    return !stopped;
  }

  @Override
  public void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    stopping.set(true);
    firstSeen.close();
    operator.stop();
    // After the last reconcile, before the lease goes: what is queued reaches the sinks, and the
    // head its ConfigMap, before the next leader reads it.
    record.close();
    // After the stop: no reconcile of this instance overlaps the next leader's.
    releaseLease.run();
    applyPool.shutdownNow();
    reports.close();
    events.close();
  }

  private static String instanceName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "rempart";
    }
  }

  /** The most reconciles that run at once (baselines and exceptions together). */
  static final int RECONCILE_THREADS = 4;

  /** How long an idle reconcile thread is kept. */
  private static final Duration RECONCILE_THREAD_IDLE = Duration.ofSeconds(30);

  /**
   * The threads JOSDK reconciles on. Its default is a fixed pool of 50, and a fixed pool starts a
   * new thread for each of its first 50 tasks, idle ones included: after a few minutes the operator
   * held 50 parked reconcile threads (each with its stack and the JVM's per-thread memory) for a
   * handful of baselines. JOSDK reconciles one resource at a time anyway; a round spends its time
   * in the apply pool, so a few threads serve every baseline, and idle ones end.
   */
  private static ExecutorService reconcileThreads() {
    ThreadPoolExecutor threads =
        new ThreadPoolExecutor(
            RECONCILE_THREADS,
            RECONCILE_THREADS,
            RECONCILE_THREAD_IDLE.toMillis(),
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            named("rempart-reconcile-"));
    threads.allowCoreThreadTimeOut(true);
    return threads;
  }

  private static java.util.concurrent.ThreadFactory named(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
