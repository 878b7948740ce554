package dev.rempart.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.ClauseCatalog;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Evaluator;
import dev.rempart.core.Snapshot;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClauseAssessorTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);
  private static final String BASELINE =
      """
      apiVersion: rempart.dev/v1alpha1
      kind: SecurityBaseline
      metadata: {name: b}
      spec:
        namespaceSelector: {matchLabels: {governed: "yes"}}
        network: {}
      """;
  private static final String GOVERNED =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: shop, labels: {governed: "yes"}}
      """;
  private static final String DENY =
      """
      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: deny, namespace: shop}
      spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
      """;

  private static ClauseAssessment assess(
      String baseline,
      String cluster,
      String clause,
      Map<Class<? extends HasMetadata>, String> unreadable,
      EvidenceSource evidence) {
    SecurityBaseline b = (SecurityBaseline) ManifestReader.parse(baseline).get(0);
    Snapshot snapshot = Snapshot.builder().addAll(ManifestReader.parse(cluster)).build();
    Evaluator evaluator = Evaluator.standard();
    EvaluationResult result = evaluator.evaluate(b, snapshot, CLOCK);
    return new ClauseAssessor(evaluator.controls(), evidence, "9.9.9")
        .assess(result, snapshot, unreadable).stream()
            .filter(a -> a.clause().isCitedBy(clause))
            .findFirst()
            .orElseThrow();
  }

  private static ClauseAssessment assess(String baseline, String cluster, String clause) {
    return assess(baseline, cluster, clause, Map.of(), new DerivedEvidence());
  }

  @Test
  void everyClauseOfTheCatalogueIsAssessed() {
    SecurityBaseline b = (SecurityBaseline) ManifestReader.parse(BASELINE).get(0);
    Snapshot snapshot = Snapshot.of();
    Evaluator evaluator = Evaluator.standard();
    List<ClauseAssessment> all =
        new ClauseAssessor(evaluator.controls(), new DerivedEvidence(), "9.9.9")
            .assess(evaluator.evaluate(b, snapshot, CLOCK), snapshot, Map.of());
    assertThat(all).extracting(ClauseAssessment::clause).isEqualTo(ClauseCatalog.all());
  }

  @Test
  void governedNamespacesWithoutFindingAreCompliantWithTheirEvidence() {
    ClauseAssessment a = assess(BASELINE, GOVERNED + "---\n" + DENY, "4.4");
    assertThat(a.status()).isEqualTo(ClauseStatus.COMPLIANT);
    ControlEvidence e = a.evidence().get(0);
    assertThat(e.examinedByKind())
        .containsOnly(Map.entry("Namespace", 1), Map.entry("NetworkPolicy", 1));
    assertThat(e.namespaces()).containsExactly("shop");
    assertThat(a.reason()).contains("examined 2 objects in 1 governed namespaces");
  }

  @Test
  void aFindingMakesTheClauseNonCompliant() {
    ClauseAssessment a = assess(BASELINE, GOVERNED, "4.4");
    assertThat(a.status()).isEqualTo(ClauseStatus.NON_COMPLIANT);
    assertThat(a.findings()).extracting(f -> f.check()).containsExactly("defaultDeny");
  }

  @Test
  void withoutGovernedNamespaceTheClauseIsNotApplicable() {
    ClauseAssessment a = assess(BASELINE, DENY, "4.4");
    assertThat(a.status()).isEqualTo(ClauseStatus.NOT_APPLICABLE);
  }

  @Test
  void aControlTheBaselineDoesNotEnableIsNotVerifiable() {
    String noNetwork = BASELINE.replace("  network: {}\n", "");
    ClauseAssessment a = assess(noNetwork, GOVERNED, "4.4");
    assertThat(a.status()).isEqualTo(ClauseStatus.NOT_VERIFIABLE);
    assertThat(a.reason()).contains("does not enable the network control");
  }

  @Test
  void aControlThisBuildLacksIsNotVerifiable() {
    // An assessor whose build has no auditLogging control, the one clause 4.6 needs.
    SecurityBaseline b = (SecurityBaseline) ManifestReader.parse(BASELINE).get(0);
    Snapshot snapshot = Snapshot.builder().addAll(ManifestReader.parse(GOVERNED)).build();
    Evaluator evaluator = Evaluator.standard();
    ClauseAssessment a =
        new ClauseAssessor(
                evaluator.controls().stream()
                    .filter(c -> !c.name().equals("auditLogging"))
                    .toList(),
                new DerivedEvidence(),
                "9.9.9")
            .assess(evaluator.evaluate(b, snapshot, CLOCK), snapshot, Map.of()).stream()
                .filter(c -> c.clause().isCitedBy("4.6"))
                .findFirst()
                .orElseThrow();
    assertThat(a.status()).isEqualTo(ClauseStatus.NOT_VERIFIABLE);
    assertThat(a.reason())
        .isEqualTo(
            "Rempart 9.9.9 has no auditLogging control yet: nothing was checked for this clause.");
  }

  @Test
  void objectsThatCouldNotBeReadMakeTheClauseNotVerifiable() {
    ClauseAssessment a =
        assess(
            BASELINE,
            GOVERNED,
            "4.4",
            Map.of(NetworkPolicy.class, "forbidden"),
            new DerivedEvidence());
    assertThat(a.status()).isEqualTo(ClauseStatus.NOT_VERIFIABLE);
    assertThat(a.reason()).contains("NetworkPolicy (forbidden)");
  }

  @Test
  void outOfScopeAndProcessClausesSaySoWithoutEvidence() {
    ClauseAssessment audits = assess(BASELINE, GOVERNED, "1");
    assertThat(audits.status()).isEqualTo(ClauseStatus.OUT_OF_SCOPE);
    assertThat(audits.evidence()).isEmpty();
    ClauseAssessment change = assess(BASELINE, GOVERNED, "5.7");
    assertThat(change.status()).isEqualTo(ClauseStatus.NOT_VERIFIABLE);
    assertThat(change.reason()).contains("not visible through the Kubernetes API");
  }

  @Test
  void theEvidenceSourceIsTheSeamForTheCoresOwnEvidence() {
    EvidenceSource fromTheCore =
        (clause, control, result, snapshot) ->
            new ControlEvidence(
                control.name(),
                null,
                ClauseStatus.NOT_VERIFIABLE,
                "the control could not see the ingress controller's TLS settings",
                Map.of(),
                List.of(),
                List.of(),
                List.of());
    ClauseAssessment a = assess(BASELINE, GOVERNED + "---\n" + DENY, "4.4", Map.of(), fromTheCore);
    assertThat(a.status()).isEqualTo(ClauseStatus.NOT_VERIFIABLE);
    assertThat(a.reason())
        .isEqualTo("the control could not see the ingress controller's TLS settings");
  }

  @Test
  void aCheckTheControlCouldNotVerifyMakesTheClauseNotVerifiable() {
    // No kube-apiserver pod in the snapshot: encryption of Secrets at rest cannot be seen.
    String encryption = BASELINE.replace("  network: {}\n", "  encryption: {}\n");
    ClauseAssessment a = assess(encryption, GOVERNED, "3.1");
    assertThat(a.findings()).isEmpty();
    assertThat(a.status()).isEqualTo(ClauseStatus.NOT_VERIFIABLE);
    assertThat(a.reason()).startsWith("The encryption control found nothing wrong, but ");
    assertThat(a.evidence().get(0).records())
        .anyMatch(
            r ->
                r.check().equals("secretsAtRest")
                    && r.status() == dev.rempart.core.Evidence.Status.NOT_VERIFIABLE);
  }

  @Test
  void aClauseIsCompliantOnlyWhenEveryControlSaysSo() {
    assertThat(ClauseStatus.combine(ClauseStatus.COMPLIANT, ClauseStatus.NOT_VERIFIABLE))
        .isEqualTo(ClauseStatus.NOT_VERIFIABLE);
    assertThat(ClauseStatus.combine(ClauseStatus.NOT_VERIFIABLE, ClauseStatus.NON_COMPLIANT))
        .isEqualTo(ClauseStatus.NON_COMPLIANT);
    assertThat(ClauseStatus.combine(ClauseStatus.NOT_APPLICABLE, ClauseStatus.COMPLIANT))
        .isEqualTo(ClauseStatus.COMPLIANT);
  }
}
