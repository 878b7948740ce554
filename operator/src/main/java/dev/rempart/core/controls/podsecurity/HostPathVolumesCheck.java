package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Baseline: no hostPath volume, which would expose the node's file system to the pod. */
final class HostPathVolumesCheck implements StandardCheck {
  static final String ID = "hostPathVolumes";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public PodSecurityLevel level() {
    return PodSecurityLevel.BASELINE;
  }

  @Override
  public Optional<Violation> evaluate(ObjectMeta podMetadata, PodSpec spec) {
    List<String> bad = new ArrayList<>();
    for (Volume v : volumes(spec)) {
      if (v.getHostPath() != null) {
        bad.add(v.getName());
      }
    }
    if (bad.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            "hostPath volumes",
            Details.plural("volume", "volumes", bad.size()) + " " + Details.quoted(bad),
            Severity.HIGH,
            "replace the hostPath volumes with emptyDir, configMap, secret, projected or a"
                + " persistentVolumeClaim; a hostPath volume exposes the node's files"));
  }

  static List<Volume> volumes(PodSpec spec) {
    return spec.getVolumes() == null ? List.of() : spec.getVolumes();
  }
}
