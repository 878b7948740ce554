package dev.rempart.core.controls.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.ControlContext;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Snapshot;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The control as the evaluator sees it. */
class PodSecurityControlTest {
  private final PodSecurityControl control = new PodSecurityControl();

  @Test
  void ownsNothingSoItCanNeverDeleteANamespace() {
    assertThat(control.ownedTypes()).isEmpty();
  }

  @Test
  void readsEveryKindWithAPodSpecAndWhatTheOtherChecksNeed() {
    assertThat(control.inputs())
        .contains(Pod.class, Deployment.class, CronJob.class, Service.class, ServiceAccount.class)
        .doesNotContain(Namespace.class);
  }

  @Test
  void findingsCiteTheClauseAndNameTheObject() {
    var result = control.evaluate(context("restricted", "Enforce"));
    assertThat(result.findings())
        .allSatisfy(
            f -> {
              assertThat(f.control()).isEqualTo("podSecurity");
              assertThat(f.clause()).isEqualTo("4.5");
              assertThat(f.message()).contains("To fix");
            });
    Finding labels =
        result.findings().stream()
            .filter(f -> f.check().equals("namespaceLabels"))
            .findFirst()
            .orElseThrow();
    assertThat(labels.fixedBy()).isEqualTo(ResourceRef.namespace("shop"));
    assertThat(result.findings())
        .filteredOn(f -> f.check().equals("runAsNonRoot"))
        .extracting(Finding::resource, Finding::fixedBy)
        .containsExactly(tuple(new ResourceRef("v1", "Pod", "shop", "p"), null));
    assertThat(result.desired())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.owned()).isFalse();
              assertThat(d.enforced()).isTrue();
              assertThat(d.object().getMetadata().getLabels())
                  .containsOnlyKeys(NamespaceLabels.ENFORCE, NamespaceLabels.ENFORCE_VERSION);
            });
  }

  @Test
  void auditComputesTheSameLabelsWithoutEnforcingThem() {
    var result = control.evaluate(context("restricted", "Audit"));
    assertThat(result.desired()).singleElement().satisfies(d -> assertThat(d.enforced()).isFalse());
  }

  @Test
  void aBaselineWithoutLevelIsRejected() {
    assertThatThrownBy(() -> control.evaluate(context(null, "Audit")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("level");
  }

  private static ControlContext context(String level, String mode) {
    List<HasMetadata> objects =
        ManifestReader.parse(
            """
            apiVersion: rempart.dev/v1alpha1
            kind: SecurityBaseline
            metadata: {name: b, uid: u}
            spec:
              namespaceSelector: {}
              podSecurity: {%s}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: shop}
            spec:
              automountServiceAccountToken: false
              containers: [{name: a, image: 'app:1'}]
            """
                .formatted(level == null ? "" : "level: " + level));
    SecurityBaseline baseline = (SecurityBaseline) objects.get(0);
    Namespace shop = (Namespace) objects.get(1);
    return new ControlContext(
        baseline,
        Mode.valueOf(mode),
        List.of(shop),
        Snapshot.builder().addAll(objects.subList(1, objects.size())).build(),
        Instant.parse("2026-01-15T10:00:00Z"));
  }
}
