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
 * the Lease itself): nothing, whether its threads had the write queued or already handed to the JDK
 * HTTP client (the fence at its body refuses it as it resumes), and the old leader exits, as a
 * replica that lost its lease does. Neither replica writes anything before it first leads.
 */
class FencingFaultIT {
  private static final int NAMESPACES = 300;

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

    List<AuditLog.Request> audit = AuditLog.read(cluster.plane.auditLog());
    // Every write request after the takeover, refused or not, but two kinds: a renewal of the lease
    // that was on its way at the pause, which the fence lets through by design and the API server
    // refuses (409: the lease changed hands meanwhile); and a write whose body the fence refused
    // after its headers were sent, which the API server could not read (counted apart below).
    List<AuditLog.Request> byOldLeader =
        audit.stream()
            .filter(r -> r.uid().equals("operator-1") && r.isWrite())
            .filter(r -> !r.received().isBefore(takeover))
            .filter(r -> !(r.resource().equals("leases") && !r.succeeded()))
            .filter(r -> !r.bodyCancelled())
            .toList();
    // Writes refused at their body after their headers went out: the API server logs them as
    // requests it could not read (500, the stream cancelled), and applied nothing.
    List<AuditLog.Request> cancelledAtBody =
        audit.stream()
            .filter(r -> r.uid().equals("operator-1") && r.isWrite())
            .filter(r -> !r.received().isBefore(takeover))
            .filter(AuditLog.Request::bodyCancelled)
            .toList();
    List<AuditLog.Request> leaseAttempts =
        audit.stream()
            .filter(r -> r.uid().equals("operator-1") && r.isWrite())
            .filter(r -> !r.received().isBefore(takeover))
            .filter(r -> r.resource().equals("leases") && !r.succeeded())
            .toList();
    long writesBeforePause =
        audit.stream()
            .filter(r -> r.uid().equals("operator-1") && r.isWrite() && r.succeeded())
            .filter(r -> r.received().isBefore(paused))
            .count();
    List<AuditLog.Request> beforeLeading =
        audit.stream()
            .filter(r -> r.isWrite() && !r.resource().equals("leases") && !isReview(r))
            .filter(r -> r.uid().startsWith("operator-"))
            .filter(r -> r.received().isBefore(firstLeaseWrite(audit, r.uid())))
            .toList();
    System.out.printf(
        "FencingFaultIT: leader paused after %d of %d policies (%d writes of its own), %d"
            + " deleted while paused; operator-2 led %.1f s after the pause and converged %d"
            + " namespaces %.1f s later; old leader resumed after %d s, exit status %s;"
            + " writes by the deposed leader = %d (lease renewals it had on their way, refused by"
            + " the API server: %d; writes refused at their body, which the API server could not"
            + " read: %d); writes before leading = %d%n",
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
        leaseAttempts.size(),
        cancelledAtBody.size(),
        beforeLeading.size());
    byOldLeader.forEach(r -> System.out.println("  deposed leader wrote: " + r));
    leaseAttempts.forEach(r -> System.out.println("  deposed leader tried to renew: " + r));
    cancelledAtBody.forEach(r -> System.out.println("  refused at its body: " + r));
    beforeLeading.forEach(r -> System.out.println("  written before leading: " + r));

    assertThat(writesBeforePause).as("the audit log sees the leader's own writes").isPositive();
    // Fenced twice in the HTTP client: before fabric8 hands a write to the JDK client, and as the
    // JDK client pulls its body, after the hand-over to its threads and the connection's
    // acquisition. A write checked just before the pause is refused at its body on resuming.
    assertThat(byOldLeader).as("writes by the deposed leader after the takeover").isEmpty();
    assertThat(beforeLeading).as("writes by either replica before it first led").isEmpty();
    assertThat(exit).as("a replica that lost its lease exits, to wait for it again").isEqualTo(1);
    assertThat(cluster.convergence(PREFIX, NAMESPACES).complete()).isTrue();
  }

  /** Access and identity reviews: creates that persist nothing (made at startup). */
  private static boolean isReview(AuditLog.Request r) {
    return r.resource().endsWith("reviews");
  }

  /** When {@code uid} first wrote the Lease successfully (took it); the end of time if never. */
  private static Instant firstLeaseWrite(List<AuditLog.Request> audit, String uid) {
    return audit.stream()
        .filter(r -> r.uid().equals(uid) && r.resource().equals("leases"))
        .filter(r -> r.isWrite() && r.succeeded())
        .map(AuditLog.Request::received)
        .findFirst()
        .orElse(Instant.MAX);
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
