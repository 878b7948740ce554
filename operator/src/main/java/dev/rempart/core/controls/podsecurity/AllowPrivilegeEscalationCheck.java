package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Restricted: every container sets {@code allowPrivilegeEscalation: false} (unset means allowed).
 * Windows pods are exempt: the field does not exist for them.
 */
final class AllowPrivilegeEscalationCheck implements StandardCheck {
  @Override
  public String id() {
    return "allowPrivilegeEscalation";
  }

  @Override
  public PodSecurityLevel level() {
    return PodSecurityLevel.RESTRICTED;
  }

  @Override
  public Optional<Violation> evaluate(ObjectMeta podMetadata, PodSpec spec) {
    if (Windows.isWindows(spec)) {
      return Optional.empty();
    }
    List<String> bad = new ArrayList<>();
    for (ContainerView c : ContainerView.of(spec)) {
      Boolean allow =
          c.securityContext() == null ? null : c.securityContext().getAllowPrivilegeEscalation();
      if (allow == null || allow) {
        bad.add(c.name());
      }
    }
    if (bad.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            "allowPrivilegeEscalation != false",
            Details.containers(bad) + " must set securityContext.allowPrivilegeEscalation=false",
            Severity.MEDIUM,
            "set securityContext.allowPrivilegeEscalation: false on every container"));
  }
}
