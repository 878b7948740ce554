package dev.rempart.core.controls.podsecurity;

import dev.rempart.core.Snapshot;
import dev.rempart.core.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pod specs of a namespace: those of its Pods and of the pod templates of its workloads, the
 * same kinds the Pod Security Admission extracts a pod spec from (less PodTemplate, which runs
 * nothing by itself).
 *
 * <p>An object is evaluated once, where a person fixes it: an object whose controller (the owner
 * reference marked {@code controller: true}) is also in the snapshot is skipped, since the fault
 * comes from — and is reported on — the controller's template. So a Deployment is reported, not its
 * ReplicaSets nor their Pods; a CronJob, not its Jobs nor their Pods. A Pod whose controller is not
 * in the snapshot (a file holding only Pods, or an operator's custom resource) is reported itself.
 */
final class PodSpecs {
  /** Every kind of object that carries a pod spec, in the order reports list them. */
  static final List<Class<? extends HasMetadata>> KINDS =
      List.of(
          Deployment.class,
          StatefulSet.class,
          DaemonSet.class,
          ReplicaSet.class,
          ReplicationController.class,
          CronJob.class,
          Job.class,
          Pod.class);

  private PodSpecs() {}

  /** The objects of the namespace that may carry a pod spec, kind by kind in report order. */
  static List<HasMetadata> candidates(Snapshot snapshot, String namespace) {
    List<HasMetadata> objects = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : KINDS) {
      objects.addAll(snapshot.inNamespace(kind, namespace));
    }
    return objects;
  }

  /**
   * The pod spec one of the {@link #candidates} is reported on: none when it carries none, or when
   * the controller that made it is present (the controller is reported instead).
   */
  static Optional<PodTarget> reportable(HasMetadata object, Snapshot snapshot) {
    return Workloads.controllerPresent(object, snapshot) ? Optional.empty() : of(object);
  }

  /** The pod spec an object carries, if it carries one. */
  static Optional<PodTarget> of(HasMetadata object) {
    if (object instanceof Pod pod) {
      return pod.getSpec() == null
          ? Optional.empty()
          : Optional.of(new PodTarget(pod, metadata(pod.getMetadata()), pod.getSpec()));
    }
    return Workloads.template(object)
        .map(t -> new PodTarget(object, metadata(t.getMetadata()), t.getSpec()));
  }

  private static ObjectMeta metadata(ObjectMeta meta) {
    return meta == null ? new ObjectMeta() : meta;
  }
}
