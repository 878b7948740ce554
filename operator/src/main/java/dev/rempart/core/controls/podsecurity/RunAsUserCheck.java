package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Restricted: neither the pod nor a container may set {@code runAsUser: 0} (unset is allowed:
 * {@code runAsNonRoot} covers the image's user). Pods in a user namespace pass (v1.35).
 */
final class RunAsUserCheck implements StandardCheck {
  @Override
  public String id() {
    return "runAsUser";
  }

  @Override
  public PodSecurityLevel level() {
    return PodSecurityLevel.RESTRICTED;
  }

  @Override
  public Optional<Violation> evaluate(ObjectMeta podMetadata, PodSpec spec) {
    if (UserNamespaces.isUserNamespacePod(spec)) {
      return Optional.empty();
    }
    List<String> setters = new ArrayList<>();
    if (spec.getSecurityContext() != null && isRoot(spec.getSecurityContext().getRunAsUser())) {
      setters.add("pod");
    }
    List<String> bad = new ArrayList<>();
    for (ContainerView c : ContainerView.of(spec)) {
      if (c.securityContext() != null && isRoot(c.securityContext().getRunAsUser())) {
        bad.add(c.name());
      }
    }
    if (!bad.isEmpty()) {
      setters.add(Details.containers(bad));
    }
    if (setters.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            "runAsUser=0",
            String.join(" and ", setters) + " must not set runAsUser=0",
            Severity.HIGH,
            "remove runAsUser: 0, or set a non-zero user ID"));
  }

  private static boolean isRoot(Long uid) {
    return uid != null && uid == 0;
  }
}
