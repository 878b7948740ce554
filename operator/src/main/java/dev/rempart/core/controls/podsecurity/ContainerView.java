package dev.rempart.core.controls.podsecurity;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a container the checks read, the same for init, regular and ephemeral containers.
 * fabric8 models an ephemeral container as its own class, where the Kubernetes API shares one
 * struct; this view lets every check visit all three kinds in one loop, as upstream does.
 */
record ContainerView(
    String name,
    String image,
    SecurityContext securityContext,
    List<ContainerPort> ports,
    Probe livenessProbe,
    Probe readinessProbe,
    Probe startupProbe,
    Lifecycle lifecycle) {

  ContainerView {
    ports = ports == null ? List.of() : ports;
  }

  /**
   * Every container of the pod, in the order the Pod Security Admission visits them: init
   * containers, containers, then ephemeral containers. Messages list containers in this order.
   */
  static List<ContainerView> of(PodSpec spec) {
    List<ContainerView> all = new ArrayList<>();
    if (spec.getInitContainers() != null) {
      spec.getInitContainers().forEach(c -> all.add(of(c)));
    }
    if (spec.getContainers() != null) {
      spec.getContainers().forEach(c -> all.add(of(c)));
    }
    if (spec.getEphemeralContainers() != null) {
      spec.getEphemeralContainers().forEach(c -> all.add(of(c)));
    }
    return all;
  }

  static ContainerView of(Container c) {
    return new ContainerView(
        c.getName(),
        c.getImage(),
        c.getSecurityContext(),
        c.getPorts(),
        c.getLivenessProbe(),
        c.getReadinessProbe(),
        c.getStartupProbe(),
        c.getLifecycle());
  }

  static ContainerView of(EphemeralContainer c) {
    return new ContainerView(
        c.getName(),
        c.getImage(),
        c.getSecurityContext(),
        c.getPorts(),
        c.getLivenessProbe(),
        c.getReadinessProbe(),
        c.getStartupProbe(),
        c.getLifecycle());
  }
}
