package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Evaluator;
import dev.rempart.core.Snapshot;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A baseline selecting every namespace, Rempart's own included, is told so on the baseline. */
class OwnNamespaceTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);
  private static final Snapshot CLUSTER =
      Snapshot.of(
          new NamespaceBuilder().withNewMetadata().withName("rempart-system").endMetadata().build(),
          new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build());

  private static EvaluationResult evaluate(String excluded) {
    SecurityBaseline baseline =
        (SecurityBaseline)
            ManifestReader.parse(
                    """
                    apiVersion: rempart.dev/v1alpha1
                    kind: SecurityBaseline
                    metadata: {name: everything}
                    spec:
                      namespaceSelector: {}
                      network: {defaultDeny: [Ingress, Egress]}
                    """
                        + excluded)
                .get(0);
    return Evaluator.standard().evaluate(baseline, CLUSTER, CLOCK);
  }

  @Test
  void governingRempartsNamespaceIsAWarningNamingItAndTheFix() {
    assertThat(OwnNamespace.warning("everything", evaluate(""), "rempart-system"))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("Baseline everything governs rempart-system")
                    .contains("cuts Rempart off from the API server")
                    .contains("Add rempart-system to spec.excludedNamespaces"));
  }

  @Test
  void excludingItOrAnUnknownNamespaceSaysNothing() {
    assertThat(
            OwnNamespace.warning(
                "everything",
                evaluate("  excludedNamespaces: [rempart-system]\n"),
                "rempart-system"))
        .isEmpty();
    assertThat(OwnNamespace.warning("everything", evaluate(""), null)).isEmpty();
  }
}
