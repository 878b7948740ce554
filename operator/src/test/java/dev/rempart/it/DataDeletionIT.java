package dev.rempart.it;

import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.api.storage.VolumeSnapshot;
import dev.rempart.api.storage.VolumeSnapshotContent;
import dev.rempart.api.v1alpha1.ControlStatus;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.operator.OperatorSettings;
import dev.rempart.operator.RecordSettings;
import dev.rempart.recorder.RecorderSettings;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dataDeletion control on a real API server, under the chart's RBAC with deletion granted in
 * the offboarded namespace only: a server-side dry run gates each deletion, the namespace's data is
 * deleted and recorded, the Retain volume and snapshot content are reported and kept, and nothing
 * of another namespace (governed or not, offboarded or not, with the same names) is touched.
 *
 * <p>There is no controller-manager here: a claim keeps its protection finalizer, so "deleted" is
 * what Rempart sent (a deletion timestamp), and no namespace ever finishes terminating.
 */
class DataDeletionIT {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CapturedSink SINK = new CapturedSink();
  private static final String KEY = "rempart.dev/offboarded-at";
  private static KubernetesClient admin;
  private static RunningOperator operator;
  private static final String LABEL = unique("dd");
  private static final String GONE = unique("gone");
  private static final String ACTIVE = unique("active");
  private static final String OUTSIDE = unique("outside");
  private static final String LONG_AGO = LocalDate.now(ZoneOffset.UTC).minusDays(45).toString();

  @BeforeAll
  static void start() {
    admin = ControlPlane.adminClient();
    installSnapshotCrds();
    // Offboarded 45 days ago and governed: due. Active: governed, not offboarded. Outside: marked
    // offboarded as long ago, but not governed.
    createNamespace(GONE, Map.of(LABEL, "true"), Map.of(KEY, LONG_AGO));
    createNamespace(ACTIVE, Map.of(LABEL, "true"), Map.of());
    createNamespace(OUTSIDE, Map.of(), Map.of(KEY, LONG_AGO));
    for (String ns : List.of(GONE, ACTIVE, OUTSIDE)) {
      tenantData(ns);
    }
    refuseTheDryRunDeleteOf(GONE, "guarded");
    operator =
        RunningOperator.startUnderChartRbac(
            namespace ->
                new OperatorSettings(Duration.ofMinutes(10), 4, Clock.systemUTC(), true)
                    .withRecord(
                        RecordSettings.to(() -> List.of(SINK), namespace)
                            .withRecorder(
                                new RecorderSettings(500, Duration.ofMillis(200), 10_000))),
            "--set=rbac.secretsMetadata=true",
            "--set=rbac.dataDeletion.namespaces={" + GONE + "}",
            "--set=record.sink=stdout");
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    admin.close();
  }

  @Test
  void anOffboardedNamespacesDataIsDeletedAfterADryRunAndNothingElseIsTouched() throws IOException {
    String name = unique("deletion");
    admin
        .resource(
            Fixtures.baseline(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: SecurityBaseline
                metadata: {name: %s}
                spec:
                  mode: Enforce
                  namespaceSelector: {matchLabels: {%s: "true"}}
                  dataDeletion: {deleteData: true}
                  auditLogging: {}
                """
                    .formatted(name, LABEL)))
        .create();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(admin.secrets().inNamespace(GONE).withName("db-password").get()).isNull();
              assertThat(admin.configMaps().inNamespace(GONE).withName("settings").get()).isNull();
              assertThat(snapshot(GONE)).isNull();
              PersistentVolumeClaim claim =
                  admin.persistentVolumeClaims().inNamespace(GONE).withName("data").get();
              assertThat(claim == null || claim.getMetadata().getDeletionTimestamp() != null)
                  .as("the claim is deleted (or waits on its protection finalizer)")
                  .isTrue();
            });

    // The dry run was refused for one ConfigMap: it was never deleted, and that was reported.
    assertThat(admin.configMaps().inNamespace(GONE).withName("guarded").get()).isNotNull();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(events(name))
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("RemoveFailed");
                          assertThat(e.getMessage()).contains("ConfigMap " + GONE + "/guarded");
                        }));

    // What survives the deletion is reported and kept: the Retain volume and snapshot content.
    assertThat(admin.persistentVolumes().withName("pv-" + GONE).get()).isNotNull();
    assertThat(admin.resources(VolumeSnapshotContent.class).withName("vsc-" + GONE).get())
        .isNotNull();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(control(read(name), "dataDeletion").getExamples())
                    .contains("high 8.2 dataDeletion/retainedData Namespace " + GONE));

    // Nothing of the other namespaces, nor the offboarded Namespace itself.
    for (String ns : List.of(ACTIVE, OUTSIDE)) {
      assertThat(admin.secrets().inNamespace(ns).withName("db-password").get()).isNotNull();
      assertThat(admin.configMaps().inNamespace(ns).withName("settings").get()).isNotNull();
      assertThat(admin.configMaps().inNamespace(ns).withName("guarded").get()).isNotNull();
      assertThat(snapshot(ns)).isNotNull();
      PersistentVolumeClaim claim =
          admin.persistentVolumeClaims().inNamespace(ns).withName("data").get();
      assertThat(claim.getMetadata().getDeletionTimestamp()).as(ns).isNull();
      assertThat(admin.persistentVolumes().withName("pv-" + ns).get()).isNotNull();
    }
    assertThat(admin.namespaces().withName(GONE).get().getMetadata().getDeletionTimestamp())
        .isNull();

    // Each deletion is in the record, by name only.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(removed(name))
                    .extracting(e -> e.at("/object/kind").asText() + " " + e.at("/object/name"))
                    .contains(
                        "Secret \"db-password\"",
                        "ConfigMap \"settings\"",
                        "VolumeSnapshot \"nightly\"",
                        "PersistentVolumeClaim \"data\""));
    assertThat(removed(name))
        .allSatisfy(
            e -> {
              assertThat(e.at("/object/namespace").asText()).isEqualTo(GONE);
              assertThat(e.at("/clause").asText()).isEqualTo("8.2");
            });
    assertThat(SINK.lines()).noneMatch(l -> l.contains("s3cr3t") || l.contains("tenant-setting"));

    // The auditLogging control ran too: where the record goes is published for its evidence.
    SecurityBaseline baseline = read(name);
    assertThat(control(baseline, "auditLogging")).isNotNull();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(read(name).getStatus().getRecord().getSinks())
                    .isEqualTo("captured standard output"));
    admin.resources(SecurityBaseline.class).withName(name).delete();
  }

  private static List<JsonNode> removed(String baseline) throws IOException {
    List<JsonNode> found = new ArrayList<>();
    for (String line : SINK.lines()) {
      JsonNode entry = JSON.readTree(line);
      if (baseline.equals(entry.path("baseline").asText())
          && "object-removed".equals(entry.path("event").asText())) {
        found.add(entry);
      }
    }
    return found;
  }

  private static List<Event> events(String baseline) {
    return admin.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> baseline.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static SecurityBaseline read(String name) {
    return admin.resources(SecurityBaseline.class).withName(name).get();
  }

  private static ControlStatus control(SecurityBaseline baseline, String name) {
    if (baseline == null || baseline.getStatus() == null) {
      return null;
    }
    return baseline.getStatus().getControls().stream()
        .filter(c -> name.equals(c.getName()))
        .findFirst()
        .orElse(null);
  }

  private static VolumeSnapshot snapshot(String ns) {
    return admin.resources(VolumeSnapshot.class).inNamespace(ns).withName("nightly").get();
  }

  private static void createNamespace(
      String name, Map<String, String> labels, Map<String, String> annotations) {
    admin
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .withAnnotations(annotations)
                .endMetadata()
                .build())
        .create();
  }

  /** The same objects, with the same names, in every namespace. */
  private static void tenantData(String ns) {
    create(
        new SecretBuilder()
            .withNewMetadata()
            .withName("db-password")
            .withNamespace(ns)
            .endMetadata()
            .withStringData(Map.of("password", "s3cr3t"))
            .build());
    create(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("settings")
            .withNamespace(ns)
            .endMetadata()
            .withData(Map.of("value", "tenant-setting"))
            .build());
    create(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("guarded")
            .withNamespace(ns)
            .endMetadata()
            .build());
    create(
        new PersistentVolumeClaimBuilder()
            .withNewMetadata()
            .withName("data")
            .withNamespace(ns)
            .endMetadata()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withVolumeName("pv-" + ns)
            .withNewResources()
            .withRequests(Map.of("storage", new Quantity("1Gi")))
            .endResources()
            .endSpec()
            .build());
    create(
        new PersistentVolumeBuilder()
            .withNewMetadata()
            .withName("pv-" + ns)
            .endMetadata()
            .withNewSpec()
            .withCapacity(Map.of("storage", new Quantity("1Gi")))
            .withAccessModes("ReadWriteOnce")
            .withPersistentVolumeReclaimPolicy("Retain")
            .withNewHostPath()
            .withPath("/tmp/" + ns)
            .endHostPath()
            .withNewClaimRef()
            .withNamespace(ns)
            .withName("data")
            .endClaimRef()
            .endSpec()
            .build());
    VolumeSnapshot snapshot = new VolumeSnapshot();
    snapshot.setMetadata(new ObjectMetaBuilder().withName("nightly").withNamespace(ns).build());
    snapshot
        .getAdditionalProperties()
        .put("spec", Map.of("source", Map.of("persistentVolumeClaimName", "data")));
    snapshot
        .getAdditionalProperties()
        .put("status", Map.of("boundVolumeSnapshotContentName", "vsc-" + ns));
    admin.resources(VolumeSnapshot.class).inNamespace(ns).resource(snapshot).create();
    VolumeSnapshotContent content = new VolumeSnapshotContent();
    content.setMetadata(new ObjectMetaBuilder().withName("vsc-" + ns).build());
    content
        .getAdditionalProperties()
        .put(
            "spec",
            Map.of(
                "deletionPolicy",
                "Retain",
                "driver",
                "hostpath.csi.k8s.io",
                "source",
                Map.of("snapshotHandle", "snap-" + ns),
                "volumeSnapshotRef",
                Map.of("namespace", ns, "name", "nightly")));
    admin.resources(VolumeSnapshotContent.class).resource(content).create();
  }

  private static void create(HasMetadata object) {
    admin.resource(object).create();
  }

  /**
   * An admission policy that refuses the dry run of deleting one ConfigMap: if Rempart deleted
   * without a dry run first, or went on after a refused one, the ConfigMap would be gone.
   */
  private static void refuseTheDryRunDeleteOf(String ns, String configMap) {
    String policy = unique("refuse-dry-run");
    admin
        .load(
            new java.io.ByteArrayInputStream(
                """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicy
                metadata: {name: %1$s}
                spec:
                  # Ignore: a policy this test got wrong must not break deletes elsewhere.
                  failurePolicy: Ignore
                  matchConstraints:
                    resourceRules:
                      - apiGroups: [""]
                        apiVersions: ["v1"]
                        operations: ["DELETE"]
                        resources: ["configmaps"]
                  validations:
                    - expression: >-
                        !(request.dryRun == true && oldObject.metadata.namespace == '%2$s'
                        && oldObject.metadata.name == '%3$s')
                      message: refused in the dry run (test policy)
                ---
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingAdmissionPolicyBinding
                metadata: {name: %1$s}
                spec:
                  policyName: %1$s
                  validationActions: [Deny]
                  matchResources:
                    namespaceSelector:
                      matchLabels: {kubernetes.io/metadata.name: %2$s}
                """
                    .formatted(policy, ns, configMap)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .items()
        .forEach(o -> admin.resource(o).create());
    // The policy takes effect once the API server has loaded it: wait until a dry run is refused.
    await()
        .atMost(WAIT)
        .until(
            () -> {
              try {
                admin.configMaps().inNamespace(ns).withName(configMap).dryRun().delete();
                return false;
              } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                return e.getCode() == 422 || e.getCode() == 403;
              }
            });
  }

  static void installSnapshotCrds() {
    try (InputStream in =
        DataDeletionIT.class.getResourceAsStream("/it/volumesnapshot-crds.yaml")) {
      for (HasMetadata object : admin.load(in).items()) {
        CustomResourceDefinition crd = (CustomResourceDefinition) object;
        admin.resource(crd).forceConflicts().serverSideApply();
        await()
            .atMost(WAIT)
            .until(
                () -> {
                  CustomResourceDefinition c =
                      admin
                          .apiextensions()
                          .v1()
                          .customResourceDefinitions()
                          .withName(crd.getMetadata().getName())
                          .get();
                  return c.getStatus() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(
                              x ->
                                  "Established".equals(x.getType())
                                      && "True".equals(x.getStatus()));
                });
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
