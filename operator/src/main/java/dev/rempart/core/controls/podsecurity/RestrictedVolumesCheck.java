package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Restricted, replacing {@code hostPathVolumes}: a pod's inline volumes are only of the kinds that
 * cannot reach the node or another tenant's storage: configMap, csi, downwardAPI, emptyDir,
 * ephemeral, image, persistentVolumeClaim, projected and secret. Other storage is reached through a
 * PersistentVolumeClaim, where the cluster administrator controls it. A hostPath volume keeps its
 * baseline severity.
 */
final class RestrictedVolumesCheck implements StandardCheck {
  @Override
  public String id() {
    return "restrictedVolumes";
  }

  @Override
  public PodSecurityLevel level() {
    return PodSecurityLevel.RESTRICTED;
  }

  @Override
  public Set<String> overrides() {
    return Set.of(HostPathVolumesCheck.ID);
  }

  @Override
  public Optional<Violation> evaluate(ObjectMeta podMetadata, PodSpec spec) {
    List<String> bad = new ArrayList<>();
    SortedSet<String> badTypes = new TreeSet<>();
    for (Volume v : HostPathVolumesCheck.volumes(spec)) {
      if (VolumeSources.restrictedAllows(v)) {
        continue;
      }
      bad.add(v.getName());
      badTypes.add(VolumeSources.forbiddenKind(v).orElse("unknown"));
    }
    if (bad.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            "restricted volume types",
            Details.plural("volume", "volumes", bad.size())
                + " "
                + Details.quoted(bad)
                + " "
                + Details.plural("uses", "use", bad.size())
                + " "
                + Details.plural(
                    "restricted volume type", "restricted volume types", badTypes.size())
                + " "
                + Details.quoted(badTypes),
            badTypes.contains("hostPath") ? Severity.HIGH : Severity.MEDIUM,
            "use only configMap, csi, downwardAPI, emptyDir, ephemeral, image,"
                + " persistentVolumeClaim, projected or secret volumes; reach other storage through"
                + " a PersistentVolumeClaim"));
  }
}
