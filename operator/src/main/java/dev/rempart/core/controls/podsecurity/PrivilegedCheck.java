package dev.rempart.core.controls.podsecurity;

import static dev.rempart.core.controls.podsecurity.Details.isTrue;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Baseline: no container may run privileged (it would be root on the node). */
final class PrivilegedCheck implements StandardCheck {
  @Override
  public String id() {
    return "privileged";
  }

  @Override
  public PodSecurityLevel level() {
    return PodSecurityLevel.BASELINE;
  }

  @Override
  public Optional<Violation> evaluate(ObjectMeta podMetadata, PodSpec spec) {
    List<String> bad = new ArrayList<>();
    for (ContainerView c : ContainerView.of(spec)) {
      if (c.securityContext() != null && isTrue(c.securityContext().getPrivileged())) {
        bad.add(c.name());
      }
    }
    if (bad.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            "privileged",
            Details.containers(bad) + " must not set securityContext.privileged=true",
            Severity.CRITICAL,
            "remove securityContext.privileged from the containers named (or set it to false); a"
                + " privileged container is root on the node"));
  }
}
