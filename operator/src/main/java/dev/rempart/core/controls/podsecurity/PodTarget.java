package dev.rempart.core.controls.podsecurity;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * A pod spec to evaluate and the object it belongs to.
 *
 * @param object the Pod or workload, named in findings
 * @param podMetadata the pod's metadata (a template's, for a workload); never null
 * @param podSpec the pod spec as written (not yet defaulted)
 */
record PodTarget(HasMetadata object, ObjectMeta podMetadata, PodSpec podSpec) {
  boolean isPod() {
    return object instanceof Pod;
  }

  String namespace() {
    return object.getMetadata().getNamespace();
  }
}
