package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Restricted: containers must run as non-root. A container passes when it sets {@code runAsNonRoot:
 * true}, or leaves it unset under a pod-level {@code runAsNonRoot: true}; an explicit false
 * anywhere fails. Explicit falses are reported first, as upstream does. Pods in a user namespace
 * ({@code hostUsers: false}) pass (v1.35). Windows pods are not exempt.
 */
final class RunAsNonRootCheck implements StandardCheck {
  @Override
  public String id() {
    return "runAsNonRoot";
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
    boolean podNonRoot = false;
    Boolean podValue =
        spec.getSecurityContext() == null ? null : spec.getSecurityContext().getRunAsNonRoot();
    if (podValue != null) {
      if (podValue) {
        podNonRoot = true;
      } else {
        setters.add("pod");
      }
    }
    List<String> explicitlyBad = new ArrayList<>();
    List<String> implicitlyBad = new ArrayList<>();
    for (ContainerView c : ContainerView.of(spec)) {
      Boolean value = c.securityContext() == null ? null : c.securityContext().getRunAsNonRoot();
      if (value != null) {
        if (!value) {
          explicitlyBad.add(c.name());
        }
      } else if (!podNonRoot) {
        implicitlyBad.add(c.name());
      }
    }
    if (!explicitlyBad.isEmpty()) {
      setters.add(Details.containers(explicitlyBad));
    }
    String detail;
    if (!setters.isEmpty()) {
      detail = String.join(" and ", setters) + " must not set securityContext.runAsNonRoot=false";
    } else if (!implicitlyBad.isEmpty()) {
      detail =
          "pod or "
              + Details.containers(implicitlyBad)
              + " must set securityContext.runAsNonRoot=true";
    } else {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            "runAsNonRoot != true",
            detail,
            Severity.HIGH,
            "set securityContext.runAsNonRoot: true in the pod's securityContext (or on every"
                + " container) and run the image as a non-root user (USER in the image, or"
                + " runAsUser)"));
  }
}
