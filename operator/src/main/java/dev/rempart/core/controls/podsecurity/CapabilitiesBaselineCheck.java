package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Baseline: containers may add only capabilities of the container runtime's default set (so never
 * NET_RAW, SYS_ADMIN, ...). Names are compared as written: upstream does not strip a {@code CAP_}
 * prefix or change case, so neither does Rempart.
 */
final class CapabilitiesBaselineCheck implements StandardCheck {
  static final String ID = "capabilities_baseline";

  /** The capabilities a container may add at baseline, as of v1.35. */
  static final Set<String> ALLOWED =
      Set.of(
          "AUDIT_WRITE",
          "CHOWN",
          "DAC_OVERRIDE",
          "FOWNER",
          "FSETID",
          "KILL",
          "MKNOD",
          "NET_BIND_SERVICE",
          "SETFCAP",
          "SETGID",
          "SETPCAP",
          "SETUID",
          "SYS_CHROOT");

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
    SortedSet<String> forbidden = new TreeSet<>();
    for (ContainerView c : ContainerView.of(spec)) {
      boolean valid = true;
      for (String cap : added(c)) {
        if (!ALLOWED.contains(cap)) {
          valid = false;
          forbidden.add(cap);
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
            "non-default capabilities",
            Details.containers(bad)
                + " must not include "
                + Details.quoted(forbidden)
                + " in securityContext.capabilities.add",
            Severity.HIGH,
            "remove these capabilities from securityContext.capabilities.add; only "
                + String.join(", ", new TreeSet<>(ALLOWED))
                + " may be added"));
  }

  /** The capabilities a container adds, empty when it adds none. */
  static List<String> added(ContainerView c) {
    if (c.securityContext() == null
        || c.securityContext().getCapabilities() == null
        || c.securityContext().getCapabilities().getAdd() == null) {
      return List.of();
    }
    return c.securityContext().getCapabilities().getAdd();
  }
}
