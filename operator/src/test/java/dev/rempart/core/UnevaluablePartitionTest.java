package dev.rempart.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rempart.api.v1alpha1.ControlSection;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import dev.rempart.core.controls.network.NetworkControl;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A control that fails on one namespace (an object of a shape it does not handle) costs that
 * control in that namespace only: a finding names both, every other namespace is evaluated, and the
 * control's objects there are not removed as orphans.
 */
class UnevaluablePartitionTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);

  /** The network control, failing as a bug would on whatever namespace {@code pay} holds. */
  private static final class FailingOnPay implements Control {
    private final NetworkControl network = new NetworkControl();

    @Override
    public String name() {
      return network.name();
    }

    @Override
    public String clauses() {
      return network.clauses();
    }

    @Override
    public Optional<? extends ControlSection> section(SecurityBaselineSpec spec) {
      return network.section(spec);
    }

    @Override
    public List<Class<? extends HasMetadata>> inputs() {
      return network.inputs();
    }

    @Override
    public List<Class<? extends HasMetadata>> ownedTypes() {
      return network.ownedTypes();
    }

    @Override
    public void evaluateNamespace(
        ControlContext context, Namespace namespace, ControlResult.Builder out) {
      if (namespace.getMetadata().getName().equals("pay")) {
        throw new NullPointerException("Cannot invoke \"RoleRef.getKind()\"");
      }
      network.evaluateNamespace(context, namespace, out);
    }
  }

  private static Namespace governed(String name) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of("rempart.dev/governed", "true"))
        .endMetadata()
        .build();
  }

  @Test
  void theFailureIsAFindingAndTheRestIsEvaluated() throws Exception {
    SecurityBaseline baseline =
        new ObjectMapper(new YAMLFactory())
            .readValue(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: SecurityBaseline
                metadata: {name: b}
                spec:
                  mode: Enforce
                  namespaceSelector: {matchLabels: {rempart.dev/governed: "true"}}
                  network: {defaultDeny: [Ingress]}
                """,
                SecurityBaseline.class);
    // Rempart's own policy in pay, from an earlier round.
    HasMetadata managed =
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName("rempart-default-deny")
            .withNamespace("pay")
            .withLabels(
                Map.of(
                    ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE,
                    ManagedObjects.BASELINE_LABEL, "b",
                    ManagedObjects.CONTROL_LABEL, NetworkControl.NAME))
            .endMetadata()
            .withNewSpec()
            .withNewPodSelector()
            .endPodSelector()
            .withPolicyTypes("Ingress")
            .endSpec()
            .build();
    Snapshot cluster = Snapshot.of(governed("shop"), governed("pay"), managed);

    EvaluationResult result =
        new Evaluator(List.of(new FailingOnPay())).evaluate(baseline, cluster, CLOCK);

    assertThat(result.findings())
        .filteredOn(f -> f.check().equals(UnevaluablePartition.CHECK))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.resource()).isEqualTo(ResourceRef.namespace("pay"));
              assertThat(f.control()).isEqualTo("network");
              assertThat(f.message())
                  .contains("could not evaluate namespace pay", "NullPointerException")
                  .contains("the rest of the baseline was evaluated");
            });
    assertThat(result.desired())
        .extracting(d -> d.ref().namespace())
        .as("shop is still evaluated")
        .contains("shop")
        .doesNotContain("pay");
    assertThat(result.orphans()).as("pay's policy is kept, not removed").isEmpty();
  }
}
