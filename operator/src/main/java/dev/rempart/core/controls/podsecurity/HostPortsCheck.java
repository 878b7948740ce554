package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Baseline: no container port is bound on the node ({@code hostPort} unset or 0). Run after {@link
 * ApiServerDefaults}: a Pod on the host network gets a hostPort for every container port.
 */
final class HostPortsCheck implements StandardCheck {
  @Override
  public String id() {
    return "hostPorts";
  }

  @Override
  public PodSecurityLevel level() {
    return PodSecurityLevel.BASELINE;
  }

  @Override
  public Optional<Violation> evaluate(ObjectMeta podMetadata, PodSpec spec) {
    List<String> bad = new ArrayList<>();
    // Upstream sorts the ports as strings ("10", "8080", "9"), and so does this set.
    SortedSet<String> ports = new TreeSet<>();
    for (ContainerView c : ContainerView.of(spec)) {
      boolean valid = true;
      for (ContainerPort p : c.ports()) {
        if (p.getHostPort() != null && p.getHostPort() != 0) {
          valid = false;
          ports.add(String.valueOf(p.getHostPort()));
        }
      }
      if (!valid) {
        bad.add(c.name());
      }
    }
    if (bad.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            "hostPort",
            Details.containers(bad)
                + " "
                + Details.plural("uses", "use", bad.size())
                + " "
                + Details.plural("hostPort", "hostPorts", ports.size())
                + " "
                + String.join(", ", ports),
            Severity.MEDIUM,
            "remove hostPort from the container ports (and hostNetwork, which implies them) and"
                + " expose the pods through a Service"));
  }
}
