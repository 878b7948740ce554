package dev.rempart.operator;

import dev.rempart.api.trivy.VulnerabilityReport;
import dev.rempart.api.v1alpha1.VulnerabilityFirstSeen;
import dev.rempart.core.ManagedObjects;
import dev.rempart.core.Snapshot;
import dev.rempart.core.controls.vulnerabilities.FirstSeenLedger;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists the first-seen store (clause 4.7.3) at the edge: every {@link #INTERVAL} the core's
 * {@link FirstSeenLedger} computes the store's next state from the informer caches (the store's
 * objects and every VulnerabilityReport), and the shards that differ are written by server-side
 * apply. Only the leader writes, and only once every informer is synced: a cache still filling
 * would look like vulnerabilities gone. Writes are fenced by the lease, checked before each one.
 */
final class FirstSeenKeeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FirstSeenKeeper.class);

  /** How often the store is brought up to date. */
  static final Duration INTERVAL = Duration.ofSeconds(15);

  private final KubernetesClient client;
  private final Supplier<Snapshot> snapshot;
  private final Clock clock;
  private final BooleanSupplier mayWrite;
  private final BooleanSupplier synced;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "rempart-first-seen");
            t.setDaemon(true);
            return t;
          });
  private volatile int written;

  FirstSeenKeeper(
      KubernetesClient client,
      Supplier<Snapshot> snapshot,
      Clock clock,
      BooleanSupplier mayWrite,
      BooleanSupplier synced) {
    this.client = client;
    this.snapshot = snapshot;
    this.clock = clock;
    this.mayWrite = mayWrite;
    this.synced = synced;
  }

  void start() {
    timer.scheduleWithFixedDelay(
        this::keepQuietly, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void keepQuietly() {
    try {
      keep();
    } catch (RuntimeException e) {
      LOG.warn("first-seen store not brought up to date: {}", e.getMessage());
    }
  }

  /**
   * Brings the store up to date now (the timer does it every {@link #INTERVAL}; tests call it).
   *
   * @return how many shards were written
   */
  synchronized int keep() {
    if (!synced.getAsBoolean() || !mayWrite.getAsBoolean()) {
      return 0;
    }
    Snapshot view = snapshot.get();
    List<VulnerabilityFirstSeen> current = view.all(VulnerabilityFirstSeen.class);
    FirstSeenLedger.Next next =
        FirstSeenLedger.advance(current, view.all(VulnerabilityReport.class), clock.instant());
    if (next.dropped() > 0) {
      LOG.warn(
          "first-seen store: {} entries dropped, their shards are full (the oldest clocks are"
              + " kept)",
          next.dropped());
    }
    Map<String, VulnerabilityFirstSeen> byName = new HashMap<>();
    current.forEach(s -> byName.put(s.getMetadata().getName(), s));
    int count = 0;
    for (VulnerabilityFirstSeen shard : next.shards()) {
      VulnerabilityFirstSeen now = byName.get(shard.getMetadata().getName());
      if (now != null && sameEntries(now, shard)) {
        continue;
      }
      if (!mayWrite.getAsBoolean()) {
        return count;
      }
      apply(shard);
      count++;
    }
    written += count;
    return count;
  }

  /** How many shard writes this instance made (tests, benchmarks). */
  int written() {
    return written;
  }

  private boolean sameEntries(VulnerabilityFirstSeen a, VulnerabilityFirstSeen b) {
    var json = client.getKubernetesSerialization();
    return Objects.equals(json.asJson(a.getSpec()), json.asJson(b.getSpec()));
  }

  private void apply(VulnerabilityFirstSeen shard) {
    shard.getMetadata().setLabels(Map.of("app.kubernetes.io/part-of", "rempart"));
    try {
      client
          .resource(shard)
          .fieldManager(ManagedObjects.FIELD_MANAGER)
          .forceConflicts()
          .serverSideApply();
    } catch (KubernetesClientException e) {
      throw new KubernetesClientException(
          "VulnerabilityFirstSeen " + shard.getMetadata().getName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
