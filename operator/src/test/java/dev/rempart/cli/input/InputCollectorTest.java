package dev.rempart.cli.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.Evaluator;
import dev.rempart.core.ResourceRef;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InputCollectorTest {
  private static InputCollector read(String yaml) {
    InputCollector collector = new InputCollector(Evaluator.standard().watchedTypes());
    collector.fileOpened();
    ManifestReader.read(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "in.yaml", collector);
    return collector;
  }

  @Test
  void keepsOnlyWhatTheControlsReadAndCountsTheRest() {
    String yaml =
        """
        apiVersion: coordination.k8s.io/v1
        kind: Lease
        metadata: {name: a, namespace: shop}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: shop}
        spec: {podSelector: {}}
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata: {name: w, namespace: tools}
        ---
        apiVersion: rempart.dev/v1alpha1
        kind: SecurityBaseline
        metadata: {name: other}
        spec: {namespaceSelector: {}}
        """;
    InputCollector collector = read(yaml);
    InputSnapshot input = collector.finish(new LabelSelector());
    assertThat(input.snapshot().all(Lease.class)).isEmpty();
    assertThat(input.snapshot().all(NetworkPolicy.class)).hasSize(1);
    assertThat(input.snapshot().all(SecurityBaseline.class)).hasSize(1);
    assertThat(collector.baselines())
        .extracting(b -> b.getMetadata().getName())
        .containsExactly("other");
    assertThat(input.summary().objects()).isEqualTo(4);
    assertThat(input.summary().skipped()).containsOnlyKeys("Lease", "Widget");
    assertThat(input.summary().evaluated()).containsOnlyKeys("NetworkPolicy", "SecurityBaseline");
    // Objects of a kind Rempart does not know still place their namespace in scope.
    assertThat(input.snapshot().all(Namespace.class))
        .extracting(n -> n.getMetadata().getName())
        .containsExactly("shop", "tools");
  }

  @Test
  void aNamespacedObjectWithoutNamespaceLandsInDefaultAndAClusterScopedOneDoesNot() {
    String yaml =
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny}
        spec: {podSelector: {}}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: reader}
        """;
    InputSnapshot input = read(yaml).finish(new LabelSelector());
    assertThat(input.snapshot().all(NetworkPolicy.class).get(0).getMetadata().getNamespace())
        .isEqualTo("default");
    assertThat(input.implied())
        .extracting(n -> n.getMetadata().getName())
        .containsExactly("default");
    assertThat(
            input.locate(
                new ResourceRef("networking.k8s.io/v1", "NetworkPolicy", "default", "deny")))
        .contains(new Location("in.yaml", 1));
    assertThat(input.locate(ResourceRef.namespace("default"))).contains(new Location("in.yaml", 1));
  }

  @Test
  void aDeclaredNamespaceIsKeptAsItIs() {
    String yaml =
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop, labels: {team: a}}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web, namespace: shop}
        """;
    InputSnapshot input = read(yaml).finish(new LabelSelector());
    assertThat(input.implied()).isEmpty();
    Namespace shop = input.snapshot().all(Namespace.class).get(0);
    assertThat(shop.getMetadata().getLabels()).containsOnlyKeys("team");
    assertThat(input.locate(ResourceRef.namespace("shop"))).contains(new Location("in.yaml", 1));
  }

  @Test
  void memoryHoldsOnlyTheKeptObjects() {
    // 20,000 skipped objects: none is retained; only the counts grow.
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      yaml.append("apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {name: c")
          .append(i)
          .append(", namespace: ns")
          .append(i % 10)
          .append("}\nspec: {holderIdentity: x}\n---\n");
    }
    InputSnapshot input = read(yaml.toString()).finish(new LabelSelector());
    assertThat(input.summary().skippedTotal()).isEqualTo(20_000);
    assertThat(input.snapshot().size()).isEqualTo(10); // the ten implied namespaces
  }
}
