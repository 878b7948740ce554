package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rempart.it.ControlPlane;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link ServerSideApply} on a real API server: an apply under the field manager, force included,
 * answered with the object as stored; a refusal answered with the API server's code and message, as
 * fabric8's resource DSL gives them.
 */
class ServerSideApplyIT {
  @Test
  void appliesUnderItsFieldManagerAndTakesOverAFieldAnotherManagerSet() {
    try (KubernetesClient client =
        new KubernetesClientBuilder().withConfig(ControlPlane.config()).build()) {
      String ns = "ssa-" + UUID.randomUUID().toString().substring(0, 8);
      client
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
      NetworkPolicy policy = policy(ns, "team-a");
      client.resource(policy).create(); // another manager owns the label first
      ServerSideApply apply = new ServerSideApply(client, "rempart");

      NetworkPolicy written =
          apply.apply(
              policy(ns, "rempart"),
              client.getKubernetesSerialization().asJson(policy(ns, "rempart")));

      assertThat(written.getMetadata().getLabels()).containsEntry("owner", "rempart");
      assertThat(written.getMetadata().getResourceVersion()).isNotBlank();
      assertThat(written.getMetadata().getManagedFields())
          .anySatisfy(
              f -> {
                assertThat(f.getManager()).isEqualTo("rempart");
                assertThat(f.getOperation()).isEqualTo("Apply");
              });
      Namespace labelled =
          apply.apply(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(ns)
                  .withLabels(Map.of("rempart.dev/test", "yes"))
                  .endMetadata()
                  .build(),
              "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
                  + ns
                  + "\",\"labels\":{\"rempart.dev/test\":\"yes\"}}}");
      assertThat(labelled.getMetadata().getLabels()).containsEntry("rempart.dev/test", "yes");
    }
  }

  @Test
  void aRefusalCarriesTheApiServersCodeAndMessage() {
    try (KubernetesClient client =
        new KubernetesClientBuilder().withConfig(ControlPlane.config()).build()) {
      ServerSideApply apply = new ServerSideApply(client, "rempart");
      NetworkPolicy policy = policy("no-such-namespace-" + UUID.randomUUID(), "rempart");

      assertThatThrownBy(() -> apply.apply(policy, "{\"kind\":\"NetworkPolicy\"}"))
          .isInstanceOfSatisfying(
              KubernetesClientException.class,
              e -> {
                assertThat(e.getCode()).isEqualTo(400);
                assertThat(e.getMessage()).contains("PATCH").contains("apiVersion");
              });
    }
  }

  private static NetworkPolicy policy(String namespace, String owner) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName("deny")
        .withNamespace(namespace)
        .withLabels(Map.of("owner", owner))
        .endMetadata()
        .withNewSpec()
        .withPolicyTypes("Ingress")
        .endSpec()
        .build();
  }
}
