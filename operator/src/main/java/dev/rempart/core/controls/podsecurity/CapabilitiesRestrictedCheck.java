package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Restricted, replacing {@code capabilities_baseline}: every container drops ALL capabilities and
 * adds back at most NET_BIND_SERVICE. Windows pods are exempt (the API rejects capabilities on
 * them). A fault that baseline also forbids keeps baseline's severity, so that replacing the check
 * never makes a finding look less serious.
 */
final class CapabilitiesRestrictedCheck implements StandardCheck {
  @Override
  public String id() {
    return "capabilities_restricted";
  }

  @Override
  public PodSecurityLevel level() {
    return PodSecurityLevel.RESTRICTED;
  }

  @Override
  public Set<String> overrides() {
    return Set.of(CapabilitiesBaselineCheck.ID);
  }

  @Override
  public Optional<Violation> evaluate(ObjectMeta podMetadata, PodSpec spec) {
    if (Windows.isWindows(spec)) {
      return Optional.empty();
    }
    List<String> missingDropAll = new ArrayList<>();
    List<String> addingForbidden = new ArrayList<>();
    SortedSet<String> forbidden = new TreeSet<>();
    for (ContainerView c : ContainerView.of(spec)) {
      Capabilities caps =
          c.securityContext() == null ? null : c.securityContext().getCapabilities();
      if (caps == null) {
        missingDropAll.add(c.name());
        continue;
      }
      if (caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
        missingDropAll.add(c.name());
      }
      boolean addsForbidden = false;
      for (String cap : CapabilitiesBaselineCheck.added(c)) {
        if (!cap.equals("NET_BIND_SERVICE")) {
          addsForbidden = true;
          forbidden.add(cap);
        }
      }
      if (addsForbidden) {
        addingForbidden.add(c.name());
      }
    }
    List<String> details = new ArrayList<>();
    if (!missingDropAll.isEmpty()) {
      details.add(
          Details.containers(missingDropAll)
              + " must set securityContext.capabilities.drop=[\"ALL\"]");
    }
    if (!addingForbidden.isEmpty()) {
      details.add(
          Details.containers(addingForbidden)
              + " must not include "
              + Details.quoted(forbidden)
              + " in securityContext.capabilities.add");
    }
    if (details.isEmpty()) {
      return Optional.empty();
    }
    boolean beyondBaseline =
        forbidden.stream().anyMatch(cap -> !CapabilitiesBaselineCheck.ALLOWED.contains(cap));
    return Optional.of(
        new Violation(
            "unrestricted capabilities",
            String.join("; ", details),
            beyondBaseline ? Severity.HIGH : Severity.MEDIUM,
            "set securityContext.capabilities.drop: [\"ALL\"] on every container and add back at"
                + " most NET_BIND_SERVICE"));
  }
}
