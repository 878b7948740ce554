package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.it.ChartRbac;
import dev.rempart.it.ControlPlane;
import dev.rempart.it.Fixtures;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A baseline that selects the namespace Rempart runs in (where its Lease is) gets a Warning Event
 * naming the namespace, the risk and the fix, on the real API server, from the operator running
 * under the chart's RBAC.
 */
class OwnNamespaceIT {
  @Test
  void aBaselineGoverningRempartsNamespaceIsWarnedAbout() {
    try (KubernetesClient admin = ControlPlane.adminClient()) {
      String own = Fixtures.unique("rempart-own");
      String label = Fixtures.unique("all");
      Fixtures.namespace(admin, own, Map.of(label, "true"));
      ChartRbac.Subject subject = ChartRbac.apply(admin, own);
      String name = Fixtures.unique("everything");
      try (KubernetesClient client =
              new KubernetesClientBuilder()
                  .withConfig(subject.impersonating(ControlPlane.config()))
                  .build();
          RempartOperator operator =
              RempartOperator.start(
                  client,
                  new OperatorSettings(Duration.ofMinutes(10), 2, Clock.systemUTC()),
                  own,
                  "rempart-leader")) {
        await().atMost(Duration.ofSeconds(60)).until(operator::isReady);
        SecurityBaseline baseline =
            admin
                .resource(
                    Fixtures.baseline(
                        """
                        apiVersion: rempart.dev/v1alpha1
                        kind: SecurityBaseline
                        metadata: {name: %s}
                        spec:
                          mode: Audit
                          namespaceSelector: {matchLabels: {%s: "true"}}
                          network: {defaultDeny: [Ingress, Egress]}
                        """
                            .formatted(name, label)))
                .create();
        long start = System.nanoTime();
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(
                () ->
                    assertThat(
                            admin.v1().events().inAnyNamespace().list().getItems().stream()
                                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                                .filter(e -> OwnNamespace.REASON.equals(e.getReason()))
                                .map(Event::getMessage))
                        .singleElement()
                        .asString()
                        .contains("governs " + own + ", the namespace Rempart runs in")
                        .contains("spec.excludedNamespaces"));
        System.out.printf(
            "own namespace governed: Warning Event after %d ms%n",
            (System.nanoTime() - start) / 1_000_000);
        admin.resource(baseline).delete();
      }
    }
  }
}
