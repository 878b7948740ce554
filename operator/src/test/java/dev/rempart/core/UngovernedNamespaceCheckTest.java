package dev.rempart.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code spec.ungovernedNamespaces: Report}, in the core the operator and the CLI share. */
class UngovernedNamespaceCheckTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);

  private static SecurityBaseline baseline(String ungoverned) throws Exception {
    return new ObjectMapper(new YAMLFactory())
        .readValue(
            """
            apiVersion: rempart.dev/v1alpha1
            kind: SecurityBaseline
            metadata: {name: b}
            spec:
              namespaceSelector: {matchLabels: {rempart.dev/governed: "true"}}
              network: {defaultDeny: [Ingress]}
            """
                + ungoverned,
            SecurityBaseline.class);
  }

  private static Namespace namespace(String name, Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  private static final Snapshot CLUSTER =
      Snapshot.of(
          namespace("shop", Map.of("rempart.dev/governed", "true")),
          namespace("sandbox", Map.of()),
          namespace("kube-system", Map.of()));

  @Test
  void reportMakesEachNamespaceTheSelectorLeavesOutAFindingButNotTheExcludedOnes()
      throws Exception {
    EvaluationResult result =
        Evaluator.standard().evaluate(baseline("  ungovernedNamespaces: Report\n"), CLUSTER, CLOCK);
    assertThat(
            result.findings().stream()
                .filter(f -> f.check().equals(UngovernedNamespaceCheck.CHECK))
                .map(f -> f.resource().name() + " " + f.severity() + " " + f.clause()))
        .containsExactly("sandbox HIGH 4.4");
    assertThat(
            NamespaceScope.of(
                baseline("").getSpec(), result.governance(), namespace("kube-system", Map.of())))
        .isEqualTo(NamespaceScope.EXCLUDED);
  }

  @Test
  void ignoreAndTheDefaultReportNothing() throws Exception {
    for (String field : new String[] {"", "  ungovernedNamespaces: Ignore\n"}) {
      EvaluationResult result = Evaluator.standard().evaluate(baseline(field), CLUSTER, CLOCK);
      assertThat(result.findings())
          .noneMatch(f -> f.check().equals(UngovernedNamespaceCheck.CHECK));
    }
  }

  @Test
  void theNamespacesOwnFindingsArePlatformOwnedTheUngovernedOneIsNot() throws Exception {
    EvaluationResult result =
        Evaluator.standard().evaluate(baseline("  ungovernedNamespaces: Report\n"), CLUSTER, CLOCK);
    for (Finding f : result.findings()) {
      assertThat(result.remediatedByRempart(f))
          .as(f.headline())
          .isEqualTo(f.check().equals("defaultDeny"));
    }
  }
}
