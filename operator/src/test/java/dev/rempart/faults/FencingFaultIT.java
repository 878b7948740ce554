package dev.rempart.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fencing (issue 14, point 4): the leader is paused with SIGSTOP in the middle of applying a
 * baseline to 300 namespaces, for longer than its lease (15 s); the other replica takes the lease,
 * finishes the work and repairs drift made meanwhile; the old leader is resumed with its queues
 * full of work it believed it may do. The API server's audit log then shows, request by request,
 * what the old leader wrote once the other held the lease (every kind: policies, status, Events,
 * the Lease itself): nothing decided after the pause, only what was already on its way (checked,
 * not yet sent) when it was paused, and the old leader exits, as a replica that lost its lease
 * does.
 */
class FencingFaultIT {
  private static final int NAMESPACES = 300;

  /** The operator's apply threads (--apply-concurrency 8), its status write and one Event. */
  private static final int IN_FLIGHT_AT_MOST = 10;

  private static final String PREFIX = "fence";
  private static FaultCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = FaultCluster.start("fencing", 2);
    cluster.governedNamespaces(PREFIX, NAMESPACES);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aLeaderPausedPastItsLeaseWritesNothingOnceResumed() throws Exception {
    OperatorProcess first = cluster.operator(1, "operator-1");
    await("operator-1 takes the lease", Duration.ofSeconds(90), () -> leader() == 1);
    OperatorProcess second = cluster.operator(2, "operator-2");
    await("operator-2 is up", Duration.ofSeconds(90), () -> second.healthz() == 200);

    cluster.enforceBaseline();
    // Mid-convergence: some policies written, most still queued in the leader.
    await(
        "the leader starts writing",
        Duration.ofSeconds(120),
        () -> cluster.convergence(PREFIX, NAMESPACES).present() >= 40);
    first.pause();
    Instant paused = Instant.now();
    int present = cluster.convergence(PREFIX, NAMESPACES).present();

    // Drift the old leader's watches will deliver once it resumes: it would repair it if it could.
    int drifted = cluster.deleteExistingPolicies(PREFIX, 10);

    await("operator-2 takes the lease", Duration.ofSeconds(60), () -> leader() == 2);
    Instant takeover = Instant.now();
    double converged = cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(5));
    // Paused well past the lease, as a long GC pause, a frozen VM or a stopped container would be.
    long pausedFor = Duration.between(paused, Instant.now()).toSeconds();
    if (pausedFor < 25) {
      Thread.sleep((25 - pausedFor) * 1000);
    }
    Instant resumed = Instant.now();
    first.resume();
    Integer exit = first.exitStatus(60);
    // Its last requests, if any, have reached the audit log by now.
    Thread.sleep(2000);

    List<AuditLog.Request> byOldLeader =
        AuditLog.read(cluster.plane.auditLog()).stream()
            .filter(r -> r.uid().equals("operator-1") && r.isWrite())
            .filter(r -> !r.received().isBefore(takeover))
            .toList();
    long writesBeforePause =
        AuditLog.read(cluster.plane.auditLog()).stream()
            .filter(r -> r.uid().equals("operator-1") && r.isWrite() && r.succeeded())
            .filter(r -> r.received().isBefore(paused))
            .count();
    System.out.printf(
        "FencingFaultIT: leader paused after %d of %d policies (%d writes of its own), %d"
            + " deleted while paused; operator-2 led %.1f s after the pause and converged %d"
            + " namespaces %.1f s later; old leader resumed after %d s, exit status %s;"
            + " writes by the deposed leader = %d (on their way at the pause; decided after it: %d)%n",
        present,
        NAMESPACES * FaultCluster.POLICIES.size(),
        writesBeforePause,
        drifted,
        Duration.between(paused, takeover).toMillis() / 1000.0,
        NAMESPACES,
        converged,
        Duration.between(paused, resumed).toSeconds(),
        exit,
        byOldLeader.size(),
        byOldLeader.stream()
            .filter(r -> !Duration.between(resumed, r.received()).minusSeconds(2).isNegative())
            .count());
    byOldLeader.forEach(r -> System.out.println("  deposed leader wrote: " + r));

    assertThat(writesBeforePause).as("the audit log sees the leader's own writes").isPositive();
    // Kubernetes has no fencing token: a write checked before the pause and not yet sent goes out
    // on resuming, at once. What fencing guarantees is that nothing is decided after: at most one
    // write per thread that writes (8 apply threads, the status, an Event), none later than that.
    assertThat(byOldLeader)
        .as("writes by the deposed leader after the takeover: only those on their way at the pause")
        .hasSizeLessThanOrEqualTo(IN_FLIGHT_AT_MOST)
        .allSatisfy(
            r ->
                assertThat(Duration.between(resumed, r.received()))
                    .as("sent as it resumed, not decided later")
                    .isLessThan(Duration.ofSeconds(2)));
    assertThat(exit).as("a replica that lost its lease exits, to wait for it again").isEqualTo(1);
    assertThat(cluster.convergence(PREFIX, NAMESPACES).complete()).isTrue();
  }

  /** 1 or 2: the operator process whose token last renewed or took the Lease; 0 for none. */
  private static int leader() {
    return AuditLog.read(cluster.plane.auditLog()).stream()
        .filter(r -> r.resource().equals("leases") && r.isWrite() && r.succeeded())
        .reduce((a, b) -> b)
        .map(r -> Integer.parseInt(r.uid().substring("operator-".length())))
        .orElse(0);
  }

  static void await(String what, Duration atMost, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(what + ": not within " + atMost);
  }
}
