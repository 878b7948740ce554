package dev.rempart.faults;

import static dev.rempart.faults.FencingFaultIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An API server outage longer than the renew deadline (issue 14, points 1 and 4): two replicas,
 * each restarted as the kubelet would ({@link Supervisor}); the API server is killed (SIGKILL) for
 * about 20 s, past the renew deadline (10 s) and the lease (15 s), and 10 policies are deleted in
 * etcd meanwhile. The leader must step down (exit) during the outage; once the server is back, one
 * replica takes the lease, converges and repairs the drift; and the audit log must show no write by
 * any replica while it does not hold the lease: none between the kill and the first lease taken
 * after the outage, and none by a replica that is not that leader.
 */
class LongApiServerOutageFaultIT {
  private static final int NAMESPACES = 200;
  private static final String PREFIX = "outage";
  private static final Duration OUTAGE = Duration.ofSeconds(20);
  private static FaultCluster cluster;
  private static Supervisor first;
  private static Supervisor second;

  @BeforeAll
  static void start() throws Exception {
    cluster = FaultCluster.start("apiserver-outage", 2);
    cluster.governedNamespaces(PREFIX, NAMESPACES);
  }

  @AfterAll
  static void stop() throws Exception {
    for (Supervisor s : new Supervisor[] {first, second}) {
      if (s != null) {
        s.close();
      }
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theLeaderStepsDownNobodyWritesUnledAndOneLeaderRepairsAfter() throws Exception {
    first = new Supervisor(() -> cluster.operator(1, "operator-1-" + System.currentTimeMillis()));
    await("operator-1 leads", Duration.ofSeconds(90), () -> leaseWriter(Instant.MIN) == 1);
    second = new Supervisor(() -> cluster.operator(2, "operator-2-" + System.currentTimeMillis()));
    await("operator-2 is up", Duration.ofSeconds(90), () -> second.process().healthz() == 200);
    cluster.enforceBaseline();
    cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(5));

    Instant down = Instant.now();
    cluster.plane.killApiServer();
    // What the API server received after this came after its restart (the killed one is gone).
    Instant killed = Instant.now();
    int deleted = 0;
    for (int i = 0; i < 10; i++) {
      deleted +=
          cluster.plane.deleteInEtcd(
              "/registry/networkpolicies/" + PREFIX + "-" + (i * 7) + "/rempart-default-deny");
    }
    long elapsed = Duration.between(down, Instant.now()).toMillis();
    Thread.sleep(Math.max(0, OUTAGE.toMillis() - elapsed));
    Instant restarted = Instant.now();
    cluster.plane.startApiServer();
    Instant up = Instant.now();
    Instant leaderStepsDown = first.firstExitAt();

    // From the restart, not from /readyz: the API server takes requests (a replica may take the
    // lease and write) before it reports ready, and a lease taken in between must count as taken.
    await("a replica takes the lease", Duration.ofSeconds(90), () -> leaseWriter(restarted) != 0);
    Instant led = firstLeaseTaken(restarted);
    int leader = leaseWriter(restarted);
    cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(5));
    Duration converged = Duration.between(up, Instant.now());
    // Whatever the other replica would do wrongly, it has had the time to.
    Thread.sleep(5000);

    List<AuditLog.Request> audit = AuditLog.read(cluster.plane.auditLog());
    List<AuditLog.Request> writesAfterKill =
        audit.stream()
            .filter(r -> r.isWrite() && !r.resource().equals("leases") && !isReview(r))
            .filter(r -> r.uid().startsWith("operator-"))
            .filter(r -> !r.received().isBefore(killed))
            .toList();
    List<AuditLog.Request> unled =
        writesAfterKill.stream()
            .filter(r -> r.received().isBefore(led) || !r.uid().equals("operator-" + leader))
            .toList();
    Map<String, Long> byReplica =
        writesAfterKill.stream()
            .collect(Collectors.groupingBy(AuditLog.Request::uid, TreeMap::new, counting()));
    Set<Integer> leaseHolders = leaseWriters(restarted);
    System.out.printf(
        "LongApiServerOutageFaultIT: API server down %.1f s (%d policies deleted in etcd"
            + " meanwhile); the leader (operator-1) exited %s after the kill (exit statuses %s;"
            + " operator-2: %s); operator-%d took the lease %.1f s after the API server was started again"
            + " (replicas that wrote the lease since: %s); converged %d namespaces, drift"
            + " repaired, %.1f s after it was back; writes after the kill by replica: %s; writes"
            + " by a replica not leading = %d%n",
        Duration.between(down, up).toMillis() / 1000.0,
        deleted,
        leaderStepsDown == null
            ? "never"
            : "%.1f s".formatted(Duration.between(down, leaderStepsDown).toMillis() / 1000.0),
        first.exits().isEmpty() ? "none" : first.exits(),
        second.exits().isEmpty() ? "no exit" : "exits " + second.exits(),
        leader,
        Duration.between(restarted, led).toMillis() / 1000.0,
        leaseHolders,
        NAMESPACES,
        converged.toMillis() / 1000.0,
        byReplica,
        unled.size());
    unled.forEach(r -> System.out.println("  written while not leading: " + r));

    assertThat(deleted).as("policies deleted in etcd during the outage").isEqualTo(10);
    assertThat(leaderStepsDown)
        .as("the leader steps down (exits) during the outage, past its renew deadline")
        .isNotNull()
        .isBefore(restarted);
    assertThat(unled).as("writes by a replica while it did not hold the lease").isEmpty();
    assertThat(leaseHolders).as("one leader after the outage").hasSize(1);
    FaultCluster.Convergence state = cluster.convergence(PREFIX, NAMESPACES);
    assertThat(state.complete())
        .as("converged, the drift made during the outage repaired")
        .isTrue();
    assertThat(state.unexpected()).as("duplicated or stray managed objects").isZero();
  }

  private static java.util.stream.Collector<AuditLog.Request, ?, Long> counting() {
    return Collectors.counting();
  }

  /** Access and identity reviews: creates that persist nothing (made at startup). */
  private static boolean isReview(AuditLog.Request r) {
    return r.resource().endsWith("reviews");
  }

  /** The replica (1 or 2) that last wrote the Lease successfully after {@code since}; 0 if none. */
  private static int leaseWriter(Instant since) {
    return leaseWrites(since)
        .reduce((a, b) -> b)
        .map(LongApiServerOutageFaultIT::replica)
        .orElse(0);
  }

  /** The replicas that wrote the Lease successfully after {@code since}. */
  private static Set<Integer> leaseWriters(Instant since) {
    return leaseWrites(since).map(LongApiServerOutageFaultIT::replica).collect(Collectors.toSet());
  }

  /** When a replica first wrote the Lease successfully after {@code since}. */
  private static Instant firstLeaseTaken(Instant since) {
    return leaseWrites(since).findFirst().map(AuditLog.Request::received).orElseThrow();
  }

  private static java.util.stream.Stream<AuditLog.Request> leaseWrites(Instant since) {
    return AuditLog.read(cluster.plane.auditLog()).stream()
        .filter(r -> r.resource().equals("leases") && r.isWrite() && r.succeeded())
        .filter(r -> r.uid().startsWith("operator-"))
        .filter(r -> !r.received().isBefore(since));
  }

  private static int replica(AuditLog.Request r) {
    return Integer.parseInt(r.uid().substring("operator-".length()));
  }
}
