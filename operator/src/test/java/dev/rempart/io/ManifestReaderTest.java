package dev.rempart.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestReaderTest {
  private static final String TWO =
      """
      # Source: chart/templates/deploy.yaml
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop, labels: {app: web}}
      spec: {replicas: 2}
      ---
      ---
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: deny, namespace: shop}
      spec: {podSelector: {}}
      """;

  private static List<Manifest> read(String yaml, java.util.function.Predicate<Class<?>> typed) {
    List<Manifest> out = new ArrayList<>();
    ManifestReader.read(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
        "in.yaml",
        typed,
        out::add);
    return out;
  }

  @Test
  void documentsComeTypedWithTheLineTheyStartAt() {
    List<Manifest> all = read(TWO, t -> true);
    assertThat(all.get(0).object()).isInstanceOf(Deployment.class);
    assertThat(all.get(1).object()).isInstanceOf(NetworkPolicy.class);
    assertThat(all).extracting(Manifest::line).containsExactly(2, 8);
    assertThat(all.get(1).location()).isEqualTo("in.yaml:8");
  }

  @Test
  void kindsTheCallerDoesNotWantComeAsMetadataOnly() {
    List<Manifest> all = read(TWO, NetworkPolicy.class::equals);
    GenericKubernetesResource deployment = (GenericKubernetesResource) all.get(0).object();
    assertThat(deployment.getKind()).isEqualTo("Deployment");
    assertThat(deployment.getMetadata().getLabels()).containsEntry("app", "web");
    assertThat(deployment.getAdditionalProperties()).doesNotContainKey("spec");
    assertThat(ManifestReader.registeredType(deployment)).contains(Deployment.class);
    assertThat(Namespaced.class.isAssignableFrom(ManifestReader.registeredType(deployment).get()))
        .isTrue();
    assertThat(all.get(1).object()).isInstanceOf(NetworkPolicy.class);
  }

  @Test
  void anUnknownKindIsKeptGeneric() {
    List<Manifest> all =
        read(
            "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3}\n",
            t -> true);
    assertThat(all.get(0).object()).isInstanceOf(GenericKubernetesResource.class);
    assertThat(ManifestReader.registeredType(all.get(0).object())).isEmpty();
  }

  @Test
  void malformedYamlIsOneLineWithItsLine() {
    assertThatThrownBy(() -> read("a: b\n c: d\n", t -> true))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith("in.yaml:2: malformed YAML: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aKeyTwiceIsMalformedAtItsLine() {
    assertThatThrownBy(
            () ->
                read("apiVersion: v1\nkind: Pod\nkind: Service\nmetadata: {name: x}\n", t -> true))
        .isInstanceOf(ManifestException.class)
        .hasMessage("in.yaml:3: malformed YAML: duplicate key \"kind\" (kubectl refuses it too)");
  }

  @Test
  void aDocumentLargerThanTheApiServerAcceptsIsNamedNotRead() {
    String huge =
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: \""
            + "x".repeat(YamlDocuments.MAX_DOCUMENT_CHARS)
            + "\"}\n";
    assertThatThrownBy(() -> read(huge, t -> true))
        .isInstanceOf(ManifestException.class)
        .hasMessageContaining("in.yaml:1: the document is larger than 3 MiB");
  }
}
