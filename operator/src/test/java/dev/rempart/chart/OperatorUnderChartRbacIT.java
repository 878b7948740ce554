package dev.rempart.chart;

import static dev.rempart.it.Fixtures.hasCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.it.ChartRbac;
import dev.rempart.it.ControlPlane;
import dev.rempart.it.Fixtures;
import dev.rempart.operator.OperatorSettings;
import dev.rempart.operator.RempartOperator;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real operator, running as the chart's ServiceAccount (impersonated): if the operator needs a
 * permission the chart does not grant, its caches never sync, its writes are refused, and this test
 * fails. By default neither watches Secrets; with rbac.secretsMetadata the chart grants exactly
 * what the operator's secretMetadata setting needs.
 *
 * <p>The operator runs without leader election here: with it, JOSDK calls {@code System.exit(1)}
 * when the operator stops (LeaderElectionConfiguration's exitOnStopLeading), which would kill the
 * test JVM. The Lease permissions are exercised by the calls fabric8's LeaderElector makes (get,
 * create, update), as the ServiceAccount.
 */
class OperatorUnderChartRbacIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String NS = Fixtures.unique("rempart-sa");

  private static KubernetesClient admin;
  private static KubernetesClient asOperator;
  private static RempartOperator operator;

  @BeforeAll
  static void startTheOperatorUnderTheChartsRbac() {
    admin = ControlPlane.adminClient();
    ChartRbac.Subject subject = ChartRbac.apply(admin, NS);
    asOperator =
        new KubernetesClientBuilder()
            .withConfig(subject.impersonating(ControlPlane.config()))
            .build();
    operator =
        RempartOperator.start(
            asOperator,
            new OperatorSettings(Duration.ofMinutes(10), 2, Clock.systemUTC()),
            null,
            null);
    await().atMost(WAIT).until(operator::isReady);
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (asOperator != null) {
      asOperator.close();
    }
    if (admin != null) {
      admin.close();
    }
  }

  @Test
  void itCanTakeAndRenewTheLeaseInTheReleaseNamespaceOnly() {
    Lease lease =
        new LeaseBuilder()
            .withNewMetadata()
            .withName("rempart-leader")
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withHolderIdentity("pod-a")
            .withLeaseDurationSeconds(15)
            .endSpec()
            .build();
    asOperator.resource(lease).create();
    Lease current = asOperator.leases().inNamespace(NS).withName("rempart-leader").get();
    current.getSpec().setHolderIdentity("pod-b");
    asOperator.resource(current).update();

    assertThat(admin.leases().inNamespace(NS).withName("rempart-leader").get())
        .satisfies(l -> assertThat(l.getSpec().getHolderIdentity()).isEqualTo("pod-b"));
    String elsewhere = Fixtures.unique("other");
    Fixtures.namespace(admin, elsewhere, Map.of());
    lease.getMetadata().setNamespace(elsewhere);
    assertThatThrownBy(() -> asOperator.resource(lease).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  @Test
  void withTheSecretsOptInItCanWatchServiceAccountTokenSecrets() {
    String namespace = Fixtures.unique("rempart-secrets");
    ChartRbac.Subject optedIn =
        ChartRbac.apply(admin, namespace, "--set=rbac.secretsMetadata=true");
    try (KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(optedIn.impersonating(ControlPlane.config()))
                .build();
        RempartOperator watchingSecrets =
            RempartOperator.start(
                client,
                new OperatorSettings(Duration.ofMinutes(10), 2, Clock.systemUTC(), true),
                null,
                null)) {
      await().atMost(WAIT).until(watchingSecrets::isReady);
    }
  }

  @Test
  void itEnforcesABaselineAndReportsItsStatus() {
    String label = Fixtures.unique("gov");
    String governed = Fixtures.unique("team");
    Fixtures.namespace(admin, governed, Map.of(label, "true"));
    String name = Fixtures.unique("under-chart-rbac");
    admin
        .resource(
            Fixtures.baseline(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: SecurityBaseline
                metadata: {name: %s}
                spec:
                  mode: Enforce
                  namespaceSelector: {matchLabels: {%s: "true"}}
                  network: {}
                """
                    .formatted(name, label)))
        .create();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(
                      admin
                          .network()
                          .v1()
                          .networkPolicies()
                          .inNamespace(governed)
                          .withName("rempart-default-deny")
                          .get())
                  .as("the NetworkPolicy the operator made")
                  .isNotNull();
              SecurityBaseline current =
                  admin.resources(SecurityBaseline.class).withName(name).get();
              assertThat(hasCondition(current, "Ready", "True"))
                  .as("status written: %s", current.getStatus())
                  .isTrue();
            });

    admin.resources(SecurityBaseline.class).withName(name).delete();
    // Gone only once the operator has removed its finalizer, if it set one.
    await()
        .atMost(WAIT)
        .until(() -> admin.resources(SecurityBaseline.class).withName(name).get() == null);
  }
}
