package dev.rempart.faults;

import static dev.rempart.faults.FencingFaultIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The operator killed in the middle of applying a baseline to 2,000 namespaces (issue 14, point 5):
 * by SIGKILL, and by running out of memory (a heap too small, {@code -XX:+ExitOnOutOfMemoryError},
 * as the image runs it). The kubelet's part, starting it again, is {@link Supervisor}'s. The
 * restart must converge with nothing duplicated or left over, and must not redo the cold start's
 * noise: its Events and status writes are counted from the API server's audit log, next to the
 * first process's.
 */
class OperatorKillFaultIT {
  private static final int NAMESPACES = 2000;
  private FaultCluster cluster;
  private Supervisor operator;

  @AfterEach
  void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void killedBySigkillMidApply() throws Exception {
    String prefix = "kill";
    cluster = FaultCluster.start("operator-kill", 1);
    cluster.governedNamespaces(prefix, NAMESPACES);
    operator =
        new Supervisor(() -> cluster.operator(1, "operator-" + Instant.now().toEpochMilli()));
    await("the operator leads", Duration.ofSeconds(90), () -> cluster.leaseHolder() != null);
    long firstPid = operator.process().pid();
    cluster.enforceBaseline();
    await(
        "the operator is half way",
        Duration.ofMinutes(5),
        () -> cluster.convergence(prefix, NAMESPACES).present() >= NAMESPACES);
    int present = cluster.convergence(prefix, NAMESPACES).present();
    Instant killed = Instant.now();
    operator.process().kill();
    double converged = cluster.awaitConverged(prefix, NAMESPACES, Duration.ofMinutes(10));
    report("SIGKILL", prefix, present, converged, firstPid);
  }

  @Test
  void outOfMemoryMidApply() throws Exception {
    String prefix = "oom";
    cluster = FaultCluster.start("operator-oom", 1);
    cluster.governedNamespaces(prefix, NAMESPACES);
    AtomicInteger starts = new AtomicInteger();
    // The first process gets a heap too small for 2,000 namespaces; the next the image's default,
    // as after the limit is raised (the same tiny heap would only crash again).
    operator =
        new Supervisor(
            () ->
                starts.getAndIncrement() == 0
                    ? cluster.operator(
                        1, "operator-tiny-heap", "-Xmx40m", "-XX:+ExitOnOutOfMemoryError")
                    : cluster.operator(1, "operator-" + Instant.now().toEpochMilli()));
    await("the operator leads", Duration.ofSeconds(90), () -> cluster.leaseHolder() != null);
    long firstPid = operator.process().pid();
    cluster.enforceBaseline();
    await("the tiny heap runs out", Duration.ofMinutes(5), () -> operator.restarts() > 0);
    int present = cluster.convergence(prefix, NAMESPACES).present();
    double converged = cluster.awaitConverged(prefix, NAMESPACES, Duration.ofMinutes(10));
    report("out of memory", prefix, present, converged, firstPid);
    assertThat(operator.exits()).as("ExitOnOutOfMemoryError exits with status 3").startsWith("3");
  }

  private void report(String how, String prefix, int present, double converged, long firstPid) {
    List<AuditLog.Request> requests = AuditLog.read(cluster.plane.auditLog());
    // Both processes use one token: the first one's requests are those before it died.
    Instant killed = operator.firstExitAt();
    Instant restarted = killed;
    long eventsBefore = count(requests, "events", Instant.MIN, killed);
    long eventsAfter = count(requests, "events", restarted, Instant.MAX);
    long statusBefore = count(requests, "securitybaselines", Instant.MIN, killed);
    long statusAfter = count(requests, "securitybaselines", restarted, Instant.MAX);
    FaultCluster.Convergence state = cluster.convergence(prefix, NAMESPACES);
    System.out.printf(
        "OperatorKillFaultIT %s: %d of %d policies in place when the first process died (pid"
            + " %d, exit statuses %s); restarts %d; all %d namespaces converged %.1f s after;"
            + " duplicated or stray objects %d; Event writes: cold start %d, after the restart %d;"
            + " baseline status writes: cold start %d, after the restart %d%n",
        how,
        present,
        NAMESPACES * FaultCluster.POLICIES.size(),
        firstPid,
        operator.exits(),
        operator.restarts(),
        NAMESPACES,
        converged,
        state.unexpected(),
        eventsBefore,
        eventsAfter,
        statusBefore,
        statusAfter);
    assertThat(state.unexpected()).as("duplicated or stray objects").isZero();
    assertThat(state.present()).isEqualTo(NAMESPACES * FaultCluster.POLICIES.size());
    assertThat(eventsAfter).as("Event writes after the restart (no storm)").isLessThanOrEqualTo(10);
    assertThat(statusAfter).as("status writes after the restart").isLessThanOrEqualTo(10);
  }

  private static long count(
      List<AuditLog.Request> requests, String resource, Instant from, Instant to) {
    return requests.stream()
        .filter(r -> r.resource().equals(resource) && r.isWrite())
        .filter(r -> !r.received().isBefore(from) && r.received().isBefore(to))
        .count();
  }
}
