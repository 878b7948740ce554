package dev.rempart.core.controls.environments;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodePinningTest {
  private static final Map<String, String> POOL = Map.of("pool", "prod");

  private static NodeSelectorTerm term(String key, String operator, String... values) {
    return new NodeSelectorTermBuilder()
        .addNewMatchExpression()
        .withKey(key)
        .withOperator(operator)
        .withValues(values)
        .endMatchExpression()
        .build();
  }

  private static PodSpec affinity(NodeSelectorTerm... terms) {
    return new PodSpecBuilder()
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .withNodeSelectorTerms(terms)
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .build();
  }

  @Test
  void aMatchingNodeSelectorPins() {
    PodSpec spec =
        new PodSpecBuilder().withNodeSelector(Map.of("pool", "prod", "zone", "a")).build();
    assertThat(NodePinning.unpinned(spec, POOL)).isEmpty();
    assertThat(
            NodePinning.unpinned(
                new PodSpecBuilder().withNodeSelector(Map.of("pool", "dev")).build(), POOL))
        .isEqualTo(POOL);
    assertThat(NodePinning.unpinned(new PodSpec(), POOL)).isEqualTo(POOL);
  }

  @Test
  void aRequiredAffinityPinsWhenEveryTermRequiresTheValue() {
    assertThat(NodePinning.unpinned(affinity(term("pool", "In", "prod")), POOL)).isEmpty();
    assertThat(
            NodePinning.unpinned(
                affinity(term("pool", "In", "prod"), term("pool", "In", "prod", "batch")), POOL))
        .isEqualTo(POOL);
    assertThat(
            NodePinning.unpinned(
                affinity(term("pool", "In", "prod"), term("zone", "In", "a")), POOL))
        .isEqualTo(POOL);
  }

  @Test
  void otherOperatorsDoNotPin() {
    assertThat(NodePinning.unpinned(affinity(term("pool", "NotIn", "dev")), POOL)).isEqualTo(POOL);
    assertThat(NodePinning.unpinned(affinity(term("pool", "Exists")), POOL)).isEqualTo(POOL);
  }

  @Test
  void eachLabelMayBePinnedEitherWay() {
    PodSpec spec = affinity(term("pool", "In", "prod"));
    spec.setNodeSelector(Map.of("tier", "restricted"));
    assertThat(NodePinning.unpinned(spec, Map.of("pool", "prod", "tier", "restricted"))).isEmpty();
    assertThat(
            NodePinning.unpinned(spec, Map.of("pool", "prod", "tier", "restricted", "gpu", "no")))
        .containsOnlyKeys("gpu");
  }
}
