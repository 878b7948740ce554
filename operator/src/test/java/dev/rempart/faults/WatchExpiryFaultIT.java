package dev.rempart.faults;

import static dev.rempart.faults.FencingFaultIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Watch expiry (issue 14, point 3): the operator's connections are cut (a proxy resets them and
 * refuses new ones), drift and new namespaces are made meanwhile, and etcd is compacted at its
 * current revision; when the connections come back, every watch resumes from a resource version
 * that no longer exists, gets 410 Gone, and the informers must list again. The drift made around it
 * must be repaired and the new namespaces governed.
 *
 * <p>The API server runs without its watch cache here ({@code --watch-cache=false}), so watches go
 * to etcd and the compaction expires them at once. With the cache (the default) the same happens
 * once a client has been away longer than the cache's window (at least 75 s of events): slower to
 * reach in a test, the same 410 and relist for the operator.
 */
class WatchExpiryFaultIT {
  private static final int NAMESPACES = 300;
  private static final String PREFIX = "expiry";
  private static FaultCluster cluster;
  private static TcpProxy proxy;
  private static Supervisor operator;

  @BeforeAll
  static void start() throws Exception {
    cluster = FaultCluster.start("watch-expiry", 1, "--watch-cache=false");
    proxy = new TcpProxy(cluster.plane.apiPort());
    cluster.governedNamespaces(PREFIX, NAMESPACES);
    operator =
        new Supervisor(
            () -> cluster.operator(1, "operator-" + Instant.now().toEpochMilli(), proxy.port()));
    await("the operator leads", Duration.ofSeconds(90), () -> cluster.leaseHolder() != null);
    cluster.enforceBaseline();
    cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(5));
  }

  /** The operator's list requests received since {@code from}. */
  private static long lists(Instant from) {
    return AuditLog.read(cluster.plane.auditLog()).stream()
        .filter(r -> r.verb().equals("list") && !r.received().isBefore(from))
        .count();
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void driftAroundACompactionIsRepairedAfterTheRelist() throws Exception {
    Thread.sleep(2000);
    // First the same cut without a compaction: the watches resume where they were, no relist.
    proxy.refuse();
    cluster.deletePolicies(PREFIX, IntStream.range(290, 300).toArray());
    Thread.sleep(4000);
    Instant resumedWithoutCompaction = Instant.now();
    proxy.forward();
    cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(3));
    long listsWithoutCompaction = lists(resumedWithoutCompaction);

    proxy.refuse();
    Instant cut = Instant.now();
    int drifted = cluster.deletePolicies(PREFIX, IntStream.range(0, 10).toArray());
    cluster.governedNamespaces("expnew", 10);
    long revision = cluster.plane.compact();
    Thread.sleep(Math.max(0, 4000 - Duration.between(cut, Instant.now()).toMillis()));
    Instant restored = Instant.now();
    proxy.forward();
    double converged = cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(3));
    double newGoverned = cluster.awaitConverged("expnew", 10, Duration.ofMinutes(3));
    long relists = lists(restored);
    System.out.printf(
        "WatchExpiryFaultIT: connections cut %.1f s; etcd compacted at revision %d meanwhile; %d"
            + " policies deleted and 10 namespaces created while cut; after reconnecting the"
            + " operator listed %d times (relists after 410 Gone); drift repaired %.1f s and new"
            + " namespaces governed %.1f s after; operator restarts %d; lists after the same cut"
            + " without a compaction: %d%n",
        Duration.between(cut, restored).toMillis() / 1000.0,
        revision,
        drifted,
        relists,
        converged,
        Math.max(converged, newGoverned),
        operator.restarts(),
        listsWithoutCompaction);
    assertThat(listsWithoutCompaction).as("lists after a cut without compaction").isZero();
    assertThat(relists).as("informers listed again after their watches expired").isPositive();
    assertThat(operator.restarts()).as("a 4 s cut is within the lease: no restart").isZero();
    assertThat(cluster.convergence(PREFIX, NAMESPACES).unexpected()).isZero();
  }
}
