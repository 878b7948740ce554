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
 * API server restart (issue 14, point 1): the API server is killed (SIGKILL) and started again on
 * the same etcd, once while the operator applies a baseline to 300 namespaces and once in steady
 * state, with drift made while it was down (through etcd, as another API server instance of an HA
 * control plane would take it) and just after it came back. The operator must report not ready
 * while it cannot reach the API server, come back by itself (or, past its renew deadline, exit and
 * be restarted as the kubelet would, see {@link Supervisor}), converge, miss no drift and write no
 * duplicate.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiServerRestartFaultIT {
  private static final int NAMESPACES = 300;
  private static final String PREFIX = "restart";
  private static FaultCluster cluster;
  private static Supervisor operator;
  private static ReadinessSampler readiness;

  @BeforeAll
  static void start() throws Exception {
    cluster = FaultCluster.start("apiserver-restart", 1);
    cluster.governedNamespaces(PREFIX, NAMESPACES);
    operator =
        new Supervisor(() -> cluster.operator(1, "operator-" + Instant.now().toEpochMilli()));
    await("the operator leads", Duration.ofSeconds(90), () -> cluster.leaseHolder() != null);
    readiness = new ReadinessSampler(operator::process);
  }

  @AfterAll
  static void stop() throws Exception {
    if (readiness != null) {
      readiness.close();
    }
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void killedDuringConvergence() throws Exception {
    await(
        "the operator is ready", Duration.ofSeconds(60), () -> operator.process().readyz() == 200);
    cluster.enforceBaseline();
    await(
        "the operator starts writing",
        Duration.ofSeconds(120),
        () -> cluster.convergence(PREFIX, NAMESPACES).present() >= 40);
    Outage outage = restartApiServer(() -> {});
    int drifted = cluster.deleteExistingPolicies(PREFIX, 10);
    double converged = cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(5));
    report("during convergence", outage, drifted, 0, converged);
    assertRecovered(outage);
  }

  @Test
  @Order(2)
  void killedInSteadyState() throws Exception {
    cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(5));
    int[] whileDown = new int[1];
    Outage outage =
        restartApiServer(
            () -> {
              for (int i = 100; i < 110; i++) {
                whileDown[0] +=
                    cluster.plane.deleteInEtcd(
                        "/registry/networkpolicies/" + PREFIX + "-" + i + "/rempart-default-deny");
              }
            });
    int justAfter = cluster.deletePolicies(PREFIX, IntStream.range(200, 210).toArray());
    double converged = cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(5));
    report("in steady state", outage, justAfter, whileDown[0], converged);
    assertThat(whileDown[0])
        .as("policies deleted in etcd while the API server was down")
        .isEqualTo(10);
    assertRecovered(outage);
  }

  /** When the API server went down and came back, with what the operator's probe said. */
  private record Outage(Instant down, Instant up) {}

  private static Outage restartApiServer(ThrowingRunnable whileDown) throws Exception {
    Instant down = Instant.now();
    cluster.plane.killApiServer();
    whileDown.run();
    Thread.sleep(3000); // down long enough for every client to notice
    cluster.plane.startApiServer();
    return new Outage(down, Instant.now());
  }

  private static void assertRecovered(Outage outage) throws InterruptedException {
    assertThat(readiness.firstNotReady(outage.down()))
        .as("/readyz says not ready while the API server is unreachable")
        .hasValueSatisfying(s -> assertThat(s.at()).isBefore(outage.up()));
    await(
        "the operator is ready again",
        Duration.ofSeconds(120),
        () -> readiness.firstReady(outage.up()).isPresent());
    FaultCluster.Convergence state = cluster.convergence(PREFIX, NAMESPACES);
    assertThat(state.unexpected()).as("duplicated or stray managed objects").isZero();
    assertThat(state.present()).isEqualTo(NAMESPACES * FaultCluster.POLICIES.size());
  }

  private static void report(
      String when, Outage outage, int driftAfter, int driftWhileDown, double converged) {
    Duration downFor = Duration.between(outage.down(), outage.up());
    String notReadyAfter =
        readiness
            .firstNotReady(outage.down())
            .map(s -> Duration.between(outage.down(), s.at()).toMillis() + " ms")
            .orElse("never");
    String readyAfter =
        readiness
            .firstReady(outage.up())
            .map(s -> Duration.between(outage.up(), s.at()).toMillis() + " ms")
            .orElse("not yet");
    System.out.printf(
        "ApiServerRestartFaultIT %s: API server down %.1f s (SIGKILL to ready again); operator"
            + " not ready %s after the kill, ready again %s after the API server; %d policies"
            + " deleted in etcd while it was down, %d through it just after; all %d namespaces"
            + " converged %.1f s after it was back; operator restarts %d (exit statuses: %s);"
            + " duplicates 0%n",
        when,
        downFor.toMillis() / 1000.0,
        notReadyAfter,
        readyAfter,
        driftWhileDown,
        driftAfter,
        NAMESPACES,
        converged,
        operator.restarts(),
        operator.exits().isEmpty() ? "none" : operator.exits());
    System.out.println(
        "  readiness during the outage: " + readiness.between(outage.down(), outage.up()));
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
