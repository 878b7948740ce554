package dev.rempart.core.controls.datadeletion;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.storage.VolumeSnapshot;
import dev.rempart.api.storage.VolumeSnapshotContent;
import dev.rempart.api.v1alpha1.DataDeletionSpec;
import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.api.v1alpha1.NamespaceSelector;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import dev.rempart.core.ControlContext;
import dev.rempart.core.ControlResult;
import dev.rempart.core.Evidence;
import dev.rempart.core.Finding;
import dev.rempart.core.Removal;
import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataDeletionControlTest {
  private static final String KEY = DataDeletionSpec.DEFAULT_OFFBOARDED_KEY;
  // Offboarded 2026-01-01: due 2026-01-31 with the default 30 days.
  private static final Instant BEFORE_DUE = Instant.parse("2026-01-30T23:59:59Z");
  private static final Instant DUE = Instant.parse("2026-01-31T00:00:00Z");

  private final DataDeletionControl control = new DataDeletionControl();

  static Namespace namespace(String name, Map<String, String> annotations) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withAnnotations(annotations)
        .endMetadata()
        .build();
  }

  static Namespace offboarded(String name) {
    return namespace(name, Map.of(KEY, "2026-01-01"));
  }

  static HasMetadata pvc(String ns, String name, String volume) {
    return new PersistentVolumeClaimBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withVolumeName(volume)
        .endSpec()
        .build();
  }

  static HasMetadata pv(String name, String claimNamespace, String claim, String policy) {
    return new PersistentVolumeBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withPersistentVolumeReclaimPolicy(policy)
        .withNewClaimRef()
        .withNamespace(claimNamespace)
        .withName(claim)
        .endClaimRef()
        .endSpec()
        .build();
  }

  static HasMetadata secret(String ns, String name) {
    return new SecretBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .endMetadata()
        .withType("Opaque")
        .build();
  }

  static HasMetadata configMap(String ns, String name) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .endMetadata()
        .build();
  }

  static VolumeSnapshot volumeSnapshot(String ns, String name, String content) {
    VolumeSnapshot s = new VolumeSnapshot();
    s.setMetadata(new ObjectMetaBuilder().withNamespace(ns).withName(name).build());
    s.getAdditionalProperties().put("status", Map.of("boundVolumeSnapshotContentName", content));
    return s;
  }

  static VolumeSnapshotContent content(String name, String ns, String snapshot, String policy) {
    VolumeSnapshotContent c = new VolumeSnapshotContent();
    c.setMetadata(new ObjectMetaBuilder().withName(name).build());
    c.getAdditionalProperties()
        .put(
            "spec",
            Map.of(
                "deletionPolicy",
                policy,
                "volumeSnapshotRef",
                Map.of("namespace", ns, "name", snapshot)));
    return c;
  }

  static SecurityBaseline baseline(DataDeletionSpec spec) {
    SecurityBaselineSpec s = new SecurityBaselineSpec();
    s.setNamespaceSelector(new NamespaceSelector());
    s.setDataDeletion(spec);
    SecurityBaseline b = new SecurityBaseline();
    b.setMetadata(new ObjectMetaBuilder().withName("b").build());
    b.setSpec(s);
    return b;
  }

  static DataDeletionSpec spec(boolean deleteData, boolean deleteRetained) {
    DataDeletionSpec spec = new DataDeletionSpec();
    spec.setDeleteData(deleteData);
    spec.setDeleteRetainedData(deleteRetained);
    return spec;
  }

  private ControlResult run(
      DataDeletionSpec spec,
      Mode mode,
      Instant now,
      List<Namespace> governed,
      HasMetadata... objs) {
    Snapshot.Builder snapshot = Snapshot.builder().addAll(governed).addAll(List.of(objs));
    return control.evaluate(
        new ControlContext(baseline(spec), mode, governed, snapshot.build(), now));
  }

  private static HasMetadata[] tenantData() {
    return new HasMetadata[] {
      pvc("gone", "data", "pv-data"),
      pvc("gone", "logs", "pv-logs"),
      pv("pv-data", "gone", "data", "Retain"),
      pv("pv-logs", "gone", "logs", "Delete"),
      secret("gone", "db-password"),
      configMap("gone", "settings"),
      configMap("gone", NamespaceData.ROOT_CA_CONFIG_MAP),
      volumeSnapshot("gone", "nightly", "snapcontent-1"),
      content("snapcontent-1", "gone", "nightly", "Retain"),
      // Another tenant's data, with the same names.
      pvc("kept", "data", "pv-kept"),
      pv("pv-kept", "kept", "data", "Retain"),
      secret("kept", "db-password"),
      configMap("kept", "settings"),
      volumeSnapshot("kept", "nightly", "snapcontent-2"),
      content("snapcontent-2", "kept", "nightly", "Retain"),
    };
  }

  @Test
  void withinTheRecoveryPeriodItIsEvidenceWithTheDueDateAndARevisit() {
    ControlResult result =
        run(spec(true, true), Mode.Enforce, BEFORE_DUE, List.of(offboarded("gone")), tenantData());
    assertThat(result.findings()).isEmpty();
    assertThat(result.removals()).isEmpty();
    assertThat(result.revisitAt()).isEqualTo(DUE);
    assertThat(result.evidence())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(Evidence.Status.COMPLIANT);
              assertThat(e.reason())
                  .contains("offboarded on 2026-01-01, due for deletion on 2026-01-31");
            });
  }

  @Test
  void auditReportsWhatRemainsAndWhatSurvivesButDeletesNothing() {
    ControlResult result =
        run(spec(true, true), Mode.Audit, DUE, List.of(offboarded("gone")), tenantData());
    assertThat(result.removals()).isEmpty();
    assertThat(result.findings())
        .extracting(Finding::check)
        .containsExactly("dueForDeletion", "retainedData");
    assertThat(result.findings().get(0).message())
        .contains(
            "2 PersistentVolumeClaims (data, logs), 1 Secret (db-password), 1 ConfigMap"
                + " (settings), 1 VolumeSnapshot (nightly)")
        .doesNotContain(NamespaceData.ROOT_CA_CONFIG_MAP);
    assertThat(result.findings().get(1).message())
        .contains("1 PersistentVolume (pv-data), 1 VolumeSnapshotContent (snapcontent-1)")
        .doesNotContain("pv-logs");
    assertThat(result.evidence())
        .singleElement()
        .extracting(Evidence::status)
        .isEqualTo(Evidence.Status.NON_COMPLIANT);
  }

  @Test
  void enforceDeletesOnlyWhenTheBaselineSaysSoExplicitly() {
    assertThat(
            run(spec(false, true), Mode.Enforce, DUE, List.of(offboarded("gone")), tenantData())
                .removals())
        .isEmpty();
  }

  @Test
  void deleteDataRemovesTheNamespacesDataButKeepsRetainedVolumes() {
    ControlResult result =
        run(spec(true, false), Mode.Enforce, DUE, List.of(offboarded("gone")), tenantData());
    assertThat(result.removals())
        .extracting(r -> r.ref().display())
        .containsExactlyInAnyOrder(
            "PersistentVolumeClaim gone/data",
            "PersistentVolumeClaim gone/logs",
            "Secret gone/db-password",
            "ConfigMap gone/settings",
            "VolumeSnapshot gone/nightly");
    assertThat(result.removals()).noneMatch(Removal::keepContent);
    assertThat(result.findings().get(1).message()).contains("deleteRetainedData: true");
  }

  @Test
  void deleteRetainedDataAlsoRemovesTheRetainedVolumesOfThatNamespaceOnly() {
    ControlResult result =
        run(spec(true, true), Mode.Enforce, DUE, List.of(offboarded("gone")), tenantData());
    assertThat(result.removals())
        .extracting(r -> r.ref().display())
        .contains("PersistentVolume pv-data", "VolumeSnapshotContent snapcontent-1")
        .doesNotContain("PersistentVolume pv-kept", "VolumeSnapshotContent snapcontent-2")
        .doesNotContain("PersistentVolume pv-logs");
  }

  @Test
  void retainedDataWithoutItsClaimIsStillReported() {
    // After the claims were deleted, the Retain volume is Released but still names its claim.
    ControlResult result =
        run(
            spec(true, false),
            Mode.Enforce,
            DUE,
            List.of(offboarded("gone")),
            pv("pv-data", "gone", "data", "Retain"));
    assertThat(result.findings()).extracting(Finding::check).containsExactly("retainedData");
    assertThat(result.removals()).isEmpty();
  }

  @Test
  void nothingLeftIsCompliant() {
    ControlResult result =
        run(
            spec(true, true),
            Mode.Enforce,
            DUE,
            List.of(offboarded("gone")),
            configMap("gone", NamespaceData.ROOT_CA_CONFIG_MAP));
    assertThat(result.findings()).isEmpty();
    assertThat(result.evidence())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(Evidence.Status.COMPLIANT);
              assertThat(e.reason()).contains("remains");
            });
  }

  @Test
  void aClusterWithoutTheSnapshotApiSaysSoInTheEvidence() {
    List<Namespace> governed = List.of(offboarded("gone"));
    Snapshot snapshot =
        Snapshot.builder()
            .addAll(governed)
            .add(secret("gone", "s"))
            .build()
            .withUnserved(java.util.Set.of(VolumeSnapshot.class, VolumeSnapshotContent.class));
    ControlResult result =
        control.evaluate(
            new ControlContext(baseline(spec(false, false)), Mode.Audit, governed, snapshot, DUE));
    assertThat(result.evidence())
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.reason())
                    .contains("does not serve snapshot.storage.k8s.io/v1")
                    .contains("has no VolumeSnapshots"));
    // Served (the default): nothing said.
    assertThat(
            run(spec(false, false), Mode.Audit, DUE, governed, secret("gone", "s"))
                .evidence()
                .get(0)
                .reason())
        .doesNotContain("does not serve");
  }

  @Test
  void anUnreadableDateIsAFindingAndNeverADeletion() {
    ControlResult result =
        run(
            spec(true, true),
            Mode.Enforce,
            DUE,
            List.of(namespace("gone", Map.of(KEY, "last tuesday"))),
            tenantData());
    assertThat(result.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.check()).isEqualTo("offboardingDateMalformed");
              assertThat(f.message()).contains("\"last tuesday\"", KEY);
            });
    assertThat(result.removals()).isEmpty();
  }

  @Test
  void aLabelAndACustomKeyAndPeriodAreHonoured() {
    DataDeletionSpec spec = spec(false, false);
    spec.setOffboardedKey("example.com/contract-end");
    spec.setRecoveryPeriodDays(0);
    Namespace labelled =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName("gone")
            .withLabels(Map.of("example.com/contract-end", "2026-01-01"))
            .endMetadata()
            .build();
    ControlResult result =
        run(
            spec,
            Mode.Audit,
            Instant.parse("2026-01-01T00:00:00Z"),
            List.of(labelled),
            secret("gone", "s"));
    assertThat(result.findings()).extracting(Finding::check).containsExactly("dueForDeletion");
    // The default key on the same namespace means nothing now.
    assertThat(run(spec(false, false), Mode.Audit, DUE, List.of(offboarded("x"))).findings())
        .isEmpty();
  }

  @Test
  void longListsAreBounded() {
    List<HasMetadata> many = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      many.add(configMap("gone", "cm-" + i));
    }
    ControlResult result =
        run(
            spec(false, false),
            Mode.Audit,
            DUE,
            List.of(offboarded("gone")),
            many.toArray(HasMetadata[]::new));
    assertThat(result.findings().get(0).message())
        .contains("8 ConfigMaps (cm-0, cm-1, cm-2, cm-3, cm-4 and 3 more)");
  }

  /**
   * Tries hard to make the control ask for anything outside the offboarded namespaces: random
   * clusters where every kind exists in offboarded, governed-but-active, ungoverned and excluded
   * namespaces, with identical names, volumes bound across namespaces and contents naming other
   * namespaces. Every removal must be an object of an offboarded namespace, or a Retain volume or
   * snapshot content that names one.
   */
  @Test
  void neverAsksForAnythingOutsideAnOffboardedNamespace() {
    Random random = new Random(20261130);
    String[] names = {"a", "b", "c", "d", "e", "f"};
    String[] policies = {"Retain", "Delete", "Recycle"};
    for (int round = 0; round < 300; round++) {
      List<Namespace> governed = new ArrayList<>();
      List<String> offboardedNames = new ArrayList<>();
      for (String n : names) {
        int kind = random.nextInt(4);
        if (kind == 0) {
          governed.add(offboarded(n));
          offboardedNames.add(n);
        } else if (kind == 1) {
          governed.add(namespace(n, Map.of(KEY, "2099-01-01"))); // offboarded, not yet due
        } else if (kind == 2) {
          governed.add(namespace(n, Map.of()));
        } // else: not governed at all, though its objects are in the snapshot
      }
      List<HasMetadata> objects = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String ns = names[random.nextInt(names.length)];
        String other = names[random.nextInt(names.length)];
        String name = "o" + random.nextInt(5);
        String policy = policies[random.nextInt(policies.length)];
        switch (random.nextInt(6)) {
          case 0 -> objects.add(pvc(ns, name, "pv-" + i));
          case 1 -> objects.add(pv("pv-" + i, other, name, policy));
          case 2 -> objects.add(secret(ns, name));
          case 3 -> objects.add(configMap(ns, name));
          case 4 -> objects.add(volumeSnapshot(ns, name, "vsc-" + i));
          default -> objects.add(content("vsc-" + i, other, name, policy));
        }
      }
      ControlResult result =
          run(spec(true, true), Mode.Enforce, DUE, governed, objects.toArray(HasMetadata[]::new));
      for (Removal removal : result.removals()) {
        HasMetadata o = removal.object();
        String home =
            o.getMetadata().getNamespace() != null
                ? o.getMetadata().getNamespace()
                : o instanceof VolumeSnapshotContent c
                    ? c.snapshotNamespace()
                    : ((io.fabric8.kubernetes.api.model.PersistentVolume) o)
                        .getSpec()
                        .getClaimRef()
                        .getNamespace();
        assertThat(offboardedNames).as("round %d: %s", round, removal.ref()).contains(home);
        if (o.getMetadata().getNamespace() == null) {
          assertThat(
                  o instanceof VolumeSnapshotContent c
                      ? c.deletionPolicy()
                      : ((io.fabric8.kubernetes.api.model.PersistentVolume) o)
                          .getSpec()
                          .getPersistentVolumeReclaimPolicy())
              .isEqualTo("Retain");
        }
      }
    }
  }
}
