package dev.rempart.core.controls.podsecurity;

import static dev.rempart.core.controls.podsecurity.Details.isTrue;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Baseline: the pod must not share the host's network, PID or IPC namespace. */
final class HostNamespacesCheck implements StandardCheck {
  @Override
  public String id() {
    return "hostNamespaces";
  }

  @Override
  public PodSecurityLevel level() {
    return PodSecurityLevel.BASELINE;
  }

  @Override
  public Optional<Violation> evaluate(ObjectMeta podMetadata, PodSpec spec) {
    List<String> shared = new ArrayList<>();
    if (isTrue(spec.getHostNetwork())) {
      shared.add("hostNetwork=true");
    }
    if (isTrue(spec.getHostPID())) {
      shared.add("hostPID=true");
    }
    if (isTrue(spec.getHostIPC())) {
      shared.add("hostIPC=true");
    }
    if (shared.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            "host namespaces",
            String.join(", ", shared),
            Severity.HIGH,
            "remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false);"
                + " expose the pod through a Service instead of the node's network"));
  }
}
