package dev.rempart.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The drift detector and the comparison it uses, on their own: what counts as a managed object
 * undone, and what other writers may add without it.
 */
class DriftAndComparisonTest {
  private static final NetworkPolicy DENY = policy(Map.of("team", "shop"), List.of("Ingress"));
  private static final DesiredObject OWNED = new DesiredObject("network", DENY, true, true);

  @Test
  void aMissingObjectIsMissingAndAHeldOneIsNoDrift() {
    assertThat(DriftDetector.detect(List.of(OWNED), Snapshot.of()))
        .singleElement()
        .satisfies(d -> assertThat(d.state()).isEqualTo(Drift.State.MISSING));
    assertThat(DriftDetector.detect(List.of(OWNED), Snapshot.of(DENY))).isEmpty();
  }

  @Test
  void anOwnedObjectMustBeEqualOutsideMetadataButMayCarryOtherLabels() {
    HasMetadata relabelled = policy(Map.of("team", "shop", "argocd", "x"), List.of("Ingress"));
    HasMetadata widened = policy(Map.of("team", "shop"), List.of("Ingress", "Egress"));

    assertThat(ObjectComparison.holds(OWNED, relabelled)).isTrue();
    assertThat(ObjectComparison.holds(OWNED, widened)).isFalse();
    assertThat(DriftDetector.detect(List.of(OWNED), Snapshot.of(widened)))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.state()).isEqualTo(Drift.State.MODIFIED);
              assertThat(d.actual()).isSameAs(widened);
            });
  }

  @Test
  void anObjectRempartOnlyLabelsHoldsWhenItsLabelsArePresent() {
    Namespace wanted = namespace(Map.of("pod-security.kubernetes.io/enforce", "restricted"));
    DesiredObject labels = new DesiredObject("podSecurity", wanted, true, false);

    assertThat(
            ObjectComparison.holds(
                labels,
                namespace(
                    Map.of("pod-security.kubernetes.io/enforce", "restricted", "team", "shop"))))
        .isTrue();
    assertThat(
            ObjectComparison.holds(
                labels, namespace(Map.of("pod-security.kubernetes.io/enforce", "baseline"))))
        .isFalse();
  }

  @Test
  void anEmptySelectorStaysEverythingAfterNormalisation() {
    NetworkPolicy selectsNothing =
        new NetworkPolicyBuilder(DENY).editSpec().withPodSelector(null).endSpec().build();

    assertThat(ObjectComparison.holds(OWNED, selectsNothing))
        .as("podSelector {} (every pod) is not the same as no selector")
        .isFalse();
  }

  @Test
  void aChangedManagedObjectIsAFindingUnlessAControlAlreadyReportsIt() {
    NetworkPolicy widened = policy(Map.of("team", "shop"), List.of("Ingress", "Egress"));
    List<Drift> drift = DriftDetector.detect(List.of(OWNED), Snapshot.of(widened));
    Map<String, Control> controls = Map.of("network", ControlCatalog.all().get(0));

    assertThat(DriftDetector.findingsFor(drift, List.of(), controls))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.check()).isEqualTo(DriftDetector.CHECK);
              assertThat(f.fixedBy()).isEqualTo(OWNED.ref());
              assertThat(f.message()).contains("Rempart restores it");
            });
    Finding already =
        new Finding("network", "defaultDeny", "4.4", Severity.HIGH, OWNED.ref(), "m", OWNED.ref());
    assertThat(DriftDetector.findingsFor(drift, List.of(already), controls)).isEmpty();
  }

  private static NetworkPolicy policy(Map<String, String> labels, List<String> types) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName("rempart-default-deny")
        .withNamespace("shop")
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withPodSelector(new LabelSelector())
        .withPolicyTypes(types)
        .endSpec()
        .build();
  }

  private static Namespace namespace(Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName("shop")
        .withLabels(labels)
        .endMetadata()
        .build();
  }
}
