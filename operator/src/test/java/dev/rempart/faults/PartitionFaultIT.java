package dev.rempart.faults;

import static dev.rempart.faults.FencingFaultIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A network partition between the leader and the API server (issue 14, point 4), through a TCP
 * proxy in between ({@link TcpProxy}); the follower reaches the API server directly. A slow link
 * and reset connections must only slow repairs down; a blackhole longer than the lease must make
 * the leader step down (it exits: it cannot renew within its renew deadline), the follower take
 * over and repair the drift made meanwhile, and the deposed leader write nothing once the other
 * holds the lease (from the API server's audit log).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PartitionFaultIT {
  private static final int NAMESPACES = 300;
  private static final String PREFIX = "part";
  private static FaultCluster cluster;
  private static TcpProxy proxy;
  private static OperatorProcess leader;
  private static OperatorProcess follower;

  @BeforeAll
  static void start() throws Exception {
    cluster = FaultCluster.start("partition", 2);
    proxy = new TcpProxy(cluster.plane.apiPort());
    cluster.governedNamespaces(PREFIX, NAMESPACES);
    leader = cluster.operator(1, "operator-1-behind-proxy", proxy.port());
    await("operator-1 leads", Duration.ofSeconds(90), () -> cluster.leaseHolder() != null);
    follower = cluster.operator(2, "operator-2");
    cluster.enforceBaseline();
    cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(5));
  }

  @AfterAll
  static void stop() throws Exception {
    if (proxy != null) {
      proxy.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void aSlowLinkAndResetConnectionsOnlySlowRepairs() throws Exception {
    proxy.delay(200);
    int slow = cluster.deletePolicies(PREFIX, IntStream.range(0, 5).toArray());
    double slowRepair = cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(2));
    proxy.forward();
    proxy.refuse();
    Thread.sleep(2000);
    int reset = cluster.deletePolicies(PREFIX, IntStream.range(5, 10).toArray());
    proxy.forward();
    double resetRepair = cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(2));
    System.out.printf(
        "PartitionFaultIT: 200 ms each way per chunk: %d deletions repaired in %.1f s; connections"
            + " reset and refused 2 s: %d deletions made meanwhile repaired %.1f s after; leader"
            + " still running: %s%n",
        slow, slowRepair, reset, resetRepair, leader.isAlive());
    assertThat(leader.isAlive()).as("short faults do not cost the leader its lease").isTrue();
    assertThat(leaderUid()).isEqualTo("operator-1");
  }

  @Test
  @Order(2)
  void aLeaderCutOffPastItsLeaseStepsDownAndWritesNothing() throws Exception {
    proxy.blackhole();
    Instant cut = Instant.now();
    int drifted = cluster.deletePolicies(PREFIX, IntStream.range(20, 30).toArray());
    Integer exit = leader.exitStatus(60);
    Instant exited = Instant.now();
    await(
        "operator-2 takes the lease",
        Duration.ofSeconds(60),
        () -> "operator-2".equals(leaderUid()));
    Instant takeover = takeoverTime();
    double repaired = cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(2));
    proxy.forward(); // the partition heals; the deposed leader has nothing left to send
    Thread.sleep(3000);
    List<AuditLog.Request> late =
        AuditLog.read(cluster.plane.auditLog()).stream()
            .filter(r -> r.uid().equals("operator-1") && r.isWrite())
            .filter(r -> !r.received().isBefore(takeover))
            .toList();
    System.out.printf(
        "PartitionFaultIT: leader blackholed; it stepped down (exit status %s) %.1f s after the"
            + " cut; operator-2 took the lease %.1f s after the cut and repaired the %d deletions"
            + " %.1f s after that; writes by the deposed leader = %d%n",
        exit,
        Duration.between(cut, exited).toMillis() / 1000.0,
        Duration.between(cut, takeover).toMillis() / 1000.0,
        drifted,
        repaired,
        late.size());
    late.forEach(r -> System.out.println("  deposed leader wrote: " + r));
    assertThat(exit).as("the cut-off leader exits once it cannot renew").isEqualTo(1);
    assertThat(late).as("writes by the deposed leader").isEmpty();
  }

  /** The UID of the token that last took or renewed the lease. */
  private static String leaderUid() {
    return AuditLog.read(cluster.plane.auditLog()).stream()
        .filter(r -> r.resource().equals("leases") && r.isWrite() && r.succeeded())
        .reduce((a, b) -> b)
        .map(AuditLog.Request::uid)
        .orElse(null);
  }

  /** When operator-2 first took the lease. */
  private static Instant takeoverTime() {
    return AuditLog.read(cluster.plane.auditLog()).stream()
        .filter(r -> r.resource().equals("leases") && r.isWrite() && r.succeeded())
        .filter(r -> r.uid().equals("operator-2"))
        .map(AuditLog.Request::received)
        .findFirst()
        .orElseThrow();
  }
}
