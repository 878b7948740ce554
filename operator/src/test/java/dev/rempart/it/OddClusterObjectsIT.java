package dev.rempart.it;

import static dev.rempart.it.Fixtures.hasCondition;
import static dev.rempart.it.Fixtures.namespace;
import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the API server can legitimately hand the informers that the tests' usual objects do not
 * have: a Pod of about a megabyte (annotations), sent with fields the API does not know (the server
 * drops them), a NetworkPolicy with every optional list empty. The operator evaluates them and the
 * namespace beside them as usual: nothing is unevaluable, every namespace gets its policies.
 */
class OddClusterObjectsIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void largeAndUnusualObjectsAreEvaluatedWithTheRest() {
    try (KubernetesClient admin = ControlPlane.adminClient();
        RunningOperator operator = RunningOperator.startUnderChartRbac()) {
      String label = unique("odd");
      String odd = unique("odd");
      String plain = unique("plain");
      namespace(admin, odd, Map.of(label, "true"));
      namespace(admin, plain, Map.of(label, "true"));
      // Annotations are limited to 256 KiB: the bulk is in environment variables.
      StringBuilder env = new StringBuilder();
      for (int i = 0; i < 100; i++) {
        env.append(i == 0 ? "" : ",")
            .append("{\"name\": \"V")
            .append(i)
            .append("\", \"value\": \"")
            .append("x".repeat(9_000))
            .append("\"}");
      }
      GenericKubernetesResource pod =
          Serialization.unmarshal(
              """
              {"apiVersion": "v1", "kind": "Pod",
               "metadata": {"name": "big", "namespace": "%s",
                            "annotations": {"blob": "%s"}},
               "spec": {"notAField": [1, 2],
                        "containers": [{"name": "c", "image": "nginx:1.27",
                                        "env": [%s],
                                        "alsoNotAField": {"x": true}}]}}
              """
                  .formatted(odd, "x".repeat(200_000), env),
              GenericKubernetesResource.class);
      admin.resource(pod).create();
      GenericKubernetesResource policy =
          Serialization.unmarshal(
              """
              {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
               "metadata": {"name": "empty-lists", "namespace": "%s"},
               "spec": {"podSelector": {"matchExpressions": []}, "policyTypes": [],
                        "ingress": [{"from": [], "ports": []}], "egress": []}}
              """
                  .formatted(odd),
              GenericKubernetesResource.class);
      admin.resource(policy).create();
      String name = unique("odd");
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
                    podSecurity: {level: restricted}
                  """
                      .formatted(name, label)))
          .create();
      long start = System.nanoTime();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                for (String ns : List.of(odd, plain)) {
                  assertThat(
                          admin
                              .network()
                              .v1()
                              .networkPolicies()
                              .inNamespace(ns)
                              .withName("rempart-default-deny")
                              .get())
                      .as(ns)
                      .isNotNull();
                }
                SecurityBaseline current =
                    admin.resources(SecurityBaseline.class).withName(name).get();
                assertThat(hasCondition(current, "Ready", "True")).isTrue();
                assertThat(current.getStatus().getSummary().getGovernedNamespaces()).isEqualTo(2);
              });
      System.out.printf(
          "odd cluster objects: both namespaces converged in %d ms%n",
          (System.nanoTime() - start) / 1_000_000);
      // A control that failed on a namespace would be a finding, among each control's examples.
      SecurityBaseline evaluated = admin.resources(SecurityBaseline.class).withName(name).get();
      assertThat(evaluated.getStatus().getControls())
          .flatExtracting(c -> c.getExamples())
          .noneMatch(example -> example.contains("could not evaluate"));
      admin.resources(SecurityBaseline.class).withName(name).delete();
    }
  }
}
