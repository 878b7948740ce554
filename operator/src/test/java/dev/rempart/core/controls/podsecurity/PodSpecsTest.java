package dev.rempart.core.controls.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.core.Snapshot;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Extraction of pod specs from every kind, and which objects are reported. */
class PodSpecsTest {

  @Test
  void extractsThePodSpecOfEveryKind() {
    List<HasMetadata> objects =
        ManifestReader.parse(
            """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: ns, annotations: {a: pod}}
            spec: {containers: [{name: pod}]}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: d, namespace: ns}
            spec: {template: {metadata: {annotations: {a: deployment}}, spec: {containers: [{name: deployment}]}}}
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: s, namespace: ns}
            spec: {template: {spec: {containers: [{name: statefulset}]}}}
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: ds, namespace: ns}
            spec: {template: {spec: {containers: [{name: daemonset}]}}}
            ---
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata: {name: rs, namespace: ns}
            spec: {template: {spec: {containers: [{name: replicaset}]}}}
            ---
            apiVersion: v1
            kind: ReplicationController
            metadata: {name: rc, namespace: ns}
            spec: {template: {spec: {containers: [{name: replicationcontroller}]}}}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: j, namespace: ns}
            spec: {template: {spec: {containers: [{name: job}]}}}
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: cj, namespace: ns}
            spec: {schedule: '* * * * *', jobTemplate: {spec: {template: {spec: {containers: [{name: cronjob}]}}}}}
            """);
    List<String> containers =
        objects.stream()
            .map(o -> PodSpecs.of(o).orElseThrow())
            .map(t -> t.podSpec().getContainers().get(0).getName())
            .toList();
    assertThat(containers)
        .containsExactly(
            "pod",
            "deployment",
            "statefulset",
            "daemonset",
            "replicaset",
            "replicationcontroller",
            "job",
            "cronjob");
    assertThat(PodSpecs.of(objects.get(0)).orElseThrow().podMetadata().getAnnotations())
        .containsEntry("a", "pod");
    assertThat(PodSpecs.of(objects.get(1)).orElseThrow().podMetadata().getAnnotations())
        .containsEntry("a", "deployment");
    // A template without metadata still gives metadata to read annotations from.
    assertThat(PodSpecs.of(objects.get(2)).orElseThrow().podMetadata()).isNotNull();
  }

  @Test
  void aControllerWithoutTemplateHasNothingToCheck() {
    List<HasMetadata> objects =
        ManifestReader.parse(
            """
            apiVersion: v1
            kind: ReplicationController
            metadata: {name: rc, namespace: ns}
            spec: {replicas: 0}
            """);
    assertThat(PodSpecs.of(objects.get(0))).isEmpty();
  }

  @Test
  void skipsObjectsWhoseControllerIsPresentAndReportsTheOthers() {
    Snapshot snapshot =
        Snapshot.builder()
            .addAll(
                ManifestReader.parse(
                    """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web, namespace: ns, uid: u-web}
                    spec: {template: {spec: {containers: [{name: a}]}}}
                    ---
                    apiVersion: apps/v1
                    kind: ReplicaSet
                    metadata:
                      name: web-1
                      namespace: ns
                      uid: u-rs
                      ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u-web, controller: true}]
                    spec: {template: {spec: {containers: [{name: a}]}}}
                    ---
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: web-1-a
                      namespace: ns
                      ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: u-rs, controller: true}]
                    spec: {containers: [{name: a}]}
                    ---
                    # Same name as the ReplicaSet, other uid: a pod of a deleted and recreated owner.
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: web-1-orphan
                      namespace: ns
                      ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: u-old, controller: true}]
                    spec: {containers: [{name: a}]}
                    ---
                    # An owner that is not the controller does not count.
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: adopted
                      namespace: ns
                      ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: u-web}]
                    spec: {containers: [{name: a}]}
                    ---
                    # A controller of a kind Rempart does not read (an operator's resource).
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: custom
                      namespace: ns
                      ownerReferences: [{apiVersion: example.com/v1, kind: Database, name: web, controller: true}]
                    spec: {containers: [{name: a}]}
                    ---
                    # Its controller lives in another namespace's snapshot entry: not the same object.
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: elsewhere
                      namespace: other
                      ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true}]
                    spec: {containers: [{name: a}]}
                    """))
            .build();
    assertThat(reportable(snapshot, "ns"))
        .extracting(t -> t.object().getKind() + "/" + t.object().getMetadata().getName())
        .containsExactly("Deployment/web", "Pod/web-1-orphan", "Pod/adopted", "Pod/custom");
    assertThat(reportable(snapshot, "other"))
        .extracting(t -> t.object().getMetadata().getName())
        .containsExactly("elsewhere");
  }

  /** What the control reports on in the namespace, candidate by candidate as it reads them. */
  private static List<PodTarget> reportable(Snapshot snapshot, String namespace) {
    return PodSpecs.candidates(snapshot, namespace).stream()
        .flatMap(o -> PodSpecs.reportable(o, snapshot).stream())
        .toList();
  }
}
