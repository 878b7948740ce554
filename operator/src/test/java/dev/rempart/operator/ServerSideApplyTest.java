package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;

/** The addresses {@link ServerSideApply} writes to, without fabric8's URL joining. */
class ServerSideApplyTest {
  @Test
  void aNamespacedObjectOfAGroupIsAddressedInItsNamespace() {
    var policy =
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName("rempart-default-deny")
            .withNamespace("shop")
            .endMetadata()
            .build();

    assertThat(address("https://10.0.0.1:6443/", policy))
        .isEqualTo(
            "https://10.0.0.1:6443/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies/"
                + "rempart-default-deny?force=true&fieldManager=rempart");
  }

  @Test
  void coreAndClusterScopedObjectsAreAddressedUnderApi() {
    var namespace = new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build();
    var configMap =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("c")
            .withNamespace("shop")
            .endMetadata()
            .build();
    var binding =
        new ClusterRoleBindingBuilder().withNewMetadata().withName("b").endMetadata().build();

    assertThat(address("https://h:6443", namespace))
        .isEqualTo("https://h:6443/api/v1/namespaces/shop?force=true&fieldManager=rempart");
    assertThat(address("https://h:6443", configMap))
        .isEqualTo(
            "https://h:6443/api/v1/namespaces/shop/configmaps/c?force=true&fieldManager=rempart");
    assertThat(address("https://h:6443", binding))
        .isEqualTo(
            "https://h:6443/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/b"
                + "?force=true&fieldManager=rempart");
  }

  @Test
  void aKindWithoutAModelIsAddressedByItsApiVersionAndPlural() {
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl("https://h:6443/").build())
            .build()) {
      ServerSideApply apply = new ServerSideApply(client, "rempart");

      assertThat(apply.address("openreports.io/v1alpha1", "reports", "shop", "rempart-b"))
          .isEqualTo(
              "https://h:6443/apis/openreports.io/v1alpha1/namespaces/shop/reports/rempart-b"
                  + "?force=true&fieldManager=rempart");
      assertThat(apply.address("openreports.io/v1alpha1", "clusterreports", null, "rempart-b"))
          .isEqualTo(
              "https://h:6443/apis/openreports.io/v1alpha1/clusterreports/rempart-b"
                  + "?force=true&fieldManager=rempart");
    }
  }

  @Test
  void whatItCannotAddressIsLeftToTheResourceDsl() {
    var generic = new GenericKubernetesResource();
    generic.setApiVersion("openreports.io/v1alpha1");
    generic.setKind("Report");
    generic.setMetadata(new ObjectMetaBuilder().withName("r").withNamespace("shop").build());
    var unnamed = new NamespaceBuilder().withNewMetadata().endMetadata().build();
    var withoutNamespace =
        new NetworkPolicyBuilder().withNewMetadata().withName("p").endMetadata().build();

    assertThat(ServerSideApply.addresses(generic)).isFalse();
    assertThat(ServerSideApply.addresses(unnamed)).isFalse();
    assertThat(ServerSideApply.addresses(withoutNamespace)).isFalse();
    assertThat(
            ServerSideApply.addresses(
                new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build()))
        .isTrue();
  }

  private static String address(String master, io.fabric8.kubernetes.api.model.HasMetadata o) {
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl(master).build())
            .build()) {
      return new ServerSideApply(client, "rempart").address(o);
    }
  }
}
