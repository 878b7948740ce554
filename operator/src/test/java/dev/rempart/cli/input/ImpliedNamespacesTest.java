package dev.rempart.cli.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.core.LabelSelectors;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImpliedNamespacesTest {
  private static final Location A = new Location("a.yaml", 3);
  private static final Location B = new Location("b.yaml", 7);

  private static LabelSelector selector(String yamlLikeOperator, String key, String... values) {
    return new LabelSelectorBuilder()
        .addNewMatchExpression()
        .withKey(key)
        .withOperator(yamlLikeOperator)
        .withValues(values.length == 0 ? null : List.of(values))
        .endMatchExpression()
        .build();
  }

  @Test
  void onlyNamespacesWithoutANamespaceObjectAreSynthesisedAtTheirFirstReference() {
    ImpliedNamespaces implied = new ImpliedNamespaces();
    implied.referenced("shop", A);
    implied.referenced("shop", B);
    implied.referenced("pay", B);
    implied.referenced("declared", A);
    implied.declared("declared");
    assertThat(implied.missing()).containsExactly(Map.entry("pay", B), Map.entry("shop", A));

    LabelSelector governed =
        new LabelSelectorBuilder().withMatchLabels(Map.of("rempart.dev/governed", "true")).build();
    List<Namespace> namespaces = implied.synthesise(governed);
    assertThat(namespaces)
        .extracting(n -> n.getMetadata().getName())
        .containsExactly("pay", "shop");
    Namespace shop = namespaces.get(1);
    assertThat(shop.getMetadata().getLabels())
        .containsEntry("rempart.dev/governed", "true")
        .containsEntry("kubernetes.io/metadata.name", "shop");
    assertThat(shop.getMetadata().getAnnotations())
        .containsEntry(ImpliedNamespaces.IMPLIED_BY_ANNOTATION, "a.yaml:3");
    assertThat(ImpliedNamespaces.isImplied(shop)).isTrue();
    assertThat(LabelSelectors.matches(governed, shop.getMetadata().getLabels())).isTrue();
  }

  @Test
  void matchLabelsAreCopied() {
    LabelSelector s =
        new LabelSelectorBuilder().withMatchLabels(Map.of("a", "1", "b", "2")).build();
    assertThat(ImpliedNamespaces.labelsMatching(s))
        .containsOnly(Map.entry("a", "1"), Map.entry("b", "2"));
  }

  @Test
  void inTakesAValueNoNotInExcludes() {
    LabelSelector s =
        new LabelSelectorBuilder()
            .addNewMatchExpression()
            .withKey("env")
            .withOperator("In")
            .withValues("dev", "prod")
            .endMatchExpression()
            .addNewMatchExpression()
            .withKey("env")
            .withOperator("NotIn")
            .withValues("dev")
            .endMatchExpression()
            .build();
    assertThat(ImpliedNamespaces.labelsMatching(s)).containsOnly(Map.entry("env", "prod"));
    assertThat(ImpliedNamespaces.satisfiable(s)).isTrue();
  }

  @Test
  void existsGetsAValueAndNegativeOperatorsLeaveTheKeyOut() {
    assertThat(ImpliedNamespaces.labelsMatching(selector("Exists", "team")))
        .containsOnly(Map.entry("team", "true"));
    assertThat(ImpliedNamespaces.labelsMatching(selector("DoesNotExist", "legacy"))).isEmpty();
    assertThat(ImpliedNamespaces.labelsMatching(selector("NotIn", "env", "dev"))).isEmpty();
    assertThat(ImpliedNamespaces.satisfiable(selector("DoesNotExist", "legacy"))).isTrue();
    assertThat(ImpliedNamespaces.satisfiable(selector("NotIn", "env", "dev"))).isTrue();
  }

  @Test
  void anEmptySelectorNeedsNoLabel() {
    LabelSelector everything = new LabelSelector();
    assertThat(ImpliedNamespaces.labelsMatching(everything)).isEmpty();
    assertThat(ImpliedNamespaces.satisfiable(everything)).isTrue();
  }

  @Test
  void aContradictorySelectorIsNotSatisfiedSoTheNamespaceIsNotGoverned() {
    LabelSelector s =
        new LabelSelectorBuilder()
            .withMatchLabels(Map.of("team", "a"))
            .addNewMatchExpression()
            .withKey("team")
            .withOperator("DoesNotExist")
            .endMatchExpression()
            .build();
    assertThat(ImpliedNamespaces.satisfiable(s)).isFalse();
    ImpliedNamespaces implied = new ImpliedNamespaces();
    implied.referenced("shop", A);
    Namespace shop = implied.synthesise(s).get(0);
    assertThat(LabelSelectors.matches(s, shop.getMetadata().getLabels())).isFalse();
  }
}
