package dev.rempart.core.controls.podsecurity;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EmptyDirVolumeSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The API server's defaulting (v1.35), as far as a Pod Security check depends on it. The Pod
 * Security Admission sees objects after the API server has defaulted them; a manifest read from a
 * file has not been, so evaluating it raw could pass or fail differently. Objects read from the
 * cluster are already defaulted, and applying the defaults again changes nothing.
 *
 * <p>What matters, and is mirrored:
 *
 * <ul>
 *   <li>a volume that names no source becomes an {@code emptyDir} ({@code SetDefaults_Volume}, for
 *       every pod spec) — otherwise {@code restrictedVolumes} would call it an unknown type;
 *   <li>a Pod (not a pod template) on the host network gets a {@code hostPort} equal to the {@code
 *       containerPort} of every port of its containers and init containers that has none ({@code
 *       SetDefaults_Pod}) — which {@code hostPorts} then reports.
 * </ul>
 *
 * <p>What is deliberately left out: {@code procMount} has no API default (unset and {@code Default}
 * pass alike); seccomp annotations are no longer copied to fields; the AppArmor annotation-to-field
 * copy on Pod creation only duplicates a fault the check already reports from the annotation.
 */
final class ApiServerDefaults {
  private ApiServerDefaults() {}

  /**
   * A defaulted copy of the spec; the original (possibly shared with an informer cache) is never
   * changed.
   *
   * @param isPod true for a Pod's own spec, false for a workload's pod template
   */
  static PodSpec apply(PodSpec spec, boolean isPod) {
    if (!defaultsChange(spec, isPod)) {
      // Every object read from the cluster and most manifests: nothing to default, and a deep
      // copy of each pod spec was half of the podSecurity control's time.
      return spec;
    }
    PodSpec copy = new PodSpecBuilder(spec).build();
    if (copy.getVolumes() != null) {
      List<Volume> volumes = new ArrayList<>();
      for (Volume v : copy.getVolumes()) {
        volumes.add(
            VolumeSources.isEmpty(v)
                ? new VolumeBuilder(v).withEmptyDir(new EmptyDirVolumeSource()).build()
                : v);
      }
      copy.setVolumes(volumes);
    }
    if (isPod && Details.isTrue(copy.getHostNetwork())) {
      // Ephemeral containers cannot declare ports, and upstream leaves them out.
      defaultHostPorts(copy.getContainers());
      defaultHostPorts(copy.getInitContainers());
    }
    return copy;
  }

  /**
   * True when defaulting would change the spec, or when it has a null list entry: the copy turns
   * one into an empty object, and the checks have always been given the copy.
   */
  private static boolean defaultsChange(PodSpec spec, boolean isPod) {
    if (spec.getVolumes() != null) {
      for (Volume v : spec.getVolumes()) {
        if (v == null || VolumeSources.isEmpty(v)) {
          return true;
        }
      }
    }
    boolean hostNetworkPod = isPod && Details.isTrue(spec.getHostNetwork());
    return changes(spec.getContainers(), hostNetworkPod)
        || changes(spec.getInitContainers(), hostNetworkPod)
        || hasNull(spec.getEphemeralContainers());
  }

  private static boolean changes(List<Container> containers, boolean hostNetworkPod) {
    if (containers == null) {
      return false;
    }
    for (Container c : containers) {
      if (c == null || hasNull(c.getPorts())) {
        return true;
      }
      if (hostNetworkPod && c.getPorts() != null) {
        for (ContainerPort p : c.getPorts()) {
          if (p.getHostPort() == null || p.getHostPort() == 0) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean hasNull(List<?> items) {
    return items != null && items.contains(null);
  }

  private static void defaultHostPorts(List<Container> containers) {
    if (containers == null) {
      return;
    }
    for (Container c : containers) {
      if (c.getPorts() == null) {
        continue;
      }
      List<ContainerPort> ports = new ArrayList<>();
      for (ContainerPort p : c.getPorts()) {
        boolean unset = p.getHostPort() == null || p.getHostPort() == 0;
        ports.add(
            unset ? new ContainerPortBuilder(p).withHostPort(p.getContainerPort()).build() : p);
      }
      c.setPorts(ports);
    }
  }
}
