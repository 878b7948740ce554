package dev.rempart.faults;

import static dev.rempart.faults.FencingFaultIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * etcd stalled and restarted (issue 14, point 2), under an operator that governs 300 namespaces.
 * Stalled: SIGSTOP for 30 s, longer than the client's request timeout (10 s) and the lease's renew
 * deadline (10 s), then SIGCONT: the leader cannot renew, steps down and exits, as client-go's
 * leaders do, and is restarted ({@link Supervisor}); it takes the lease again once etcd answers.
 * Restarted: SIGKILL and started again on its data. Each time the operator must converge again and
 * repair drift made just after, and while etcd is stalled it must not spin: its CPU and its request
 * rate to the API server are measured and bounded.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdFaultIT {
  private static final int NAMESPACES = 300;
  private static final String PREFIX = "etcd";
  private static final Duration STALL = Duration.ofSeconds(30);
  private static FaultCluster cluster;
  private static Supervisor operator;

  @BeforeAll
  static void start() throws Exception {
    cluster = FaultCluster.start("etcd", 1);
    cluster.governedNamespaces(PREFIX, NAMESPACES);
    operator =
        new Supervisor(() -> cluster.operator(1, "operator-" + Instant.now().toEpochMilli()));
    await("the operator leads", Duration.ofSeconds(90), () -> cluster.leaseHolder() != null);
    cluster.enforceBaseline();
    cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(5));
  }

  @AfterAll
  static void stop() throws Exception {
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void stalledPastTheRequestTimeouts() throws Exception {
    Thread.sleep(3000); // steady state: the cold start's work is done
    int restartsBefore = operator.restarts();
    Instant stalled;
    Instant resumed;
    double cpu;
    try (CpuSampler sampler = new CpuSampler(operator::process)) {
      Thread.sleep(1000); // a first sample
      stalled = Instant.now();
      cluster.plane.pauseEtcd();
      Thread.sleep(STALL.toMillis());
      cpu = sampler.seconds();
      resumed = Instant.now();
      cluster.plane.resumeEtcd();
    }
    double seconds = Duration.between(stalled, resumed).toMillis() / 1000.0;
    cluster.plane.awaitApiServer();
    int drifted = cluster.deletePolicies(PREFIX, IntStream.range(0, 10).toArray());
    double converged = cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(5));
    // Read once the requests that hung through the stall have been answered and logged.
    long requests =
        AuditLog.read(cluster.plane.auditLog()).stream()
            .filter(r -> !r.received().isBefore(stalled) && r.received().isBefore(resumed))
            .count();
    System.out.printf(
        "EtcdFaultIT stalled: etcd stopped %.1f s; operator CPU %.2f s over it (%.3f cores),"
            + " %d requests reached the API server (%.2f per second); operator restarts %d (exit"
            + " statuses: %s); %d policies deleted after SIGCONT, all %d namespaces converged"
            + " %.1f s after%n",
        seconds,
        cpu,
        cpu / seconds,
        requests,
        requests / seconds,
        operator.restarts() - restartsBefore,
        operator.exits().isEmpty() ? "none" : operator.exits(),
        drifted,
        NAMESPACES,
        converged);
    assertThat(cpu / seconds)
        .as("the operator's CPU while etcd stalls (no busy loop)")
        .isLessThan(0.25);
    assertThat(requests / seconds).as("requests per second while etcd stalls").isLessThan(10);
    assertThat(cluster.convergence(PREFIX, NAMESPACES).unexpected()).isZero();
  }

  @Test
  @Order(2)
  void restarted() throws Exception {
    cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(5));
    Instant killed = Instant.now();
    cluster.plane.killEtcd();
    Thread.sleep(3000);
    cluster.plane.startEtcd();
    cluster.plane.awaitApiServer();
    Instant back = Instant.now();
    int drifted = cluster.deletePolicies(PREFIX, IntStream.range(100, 110).toArray());
    double converged = cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(5));
    System.out.printf(
        "EtcdFaultIT restarted: etcd down, API server ready again after %.1f s; %d policies"
            + " deleted then, all %d namespaces converged %.1f s after; operator restarts so far"
            + " %d%n",
        Duration.between(killed, back).toMillis() / 1000.0,
        drifted,
        NAMESPACES,
        converged,
        operator.restarts());
    assertThat(cluster.convergence(PREFIX, NAMESPACES).unexpected()).isZero();
  }
}
