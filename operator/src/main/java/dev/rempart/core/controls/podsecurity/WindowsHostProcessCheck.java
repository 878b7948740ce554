package dev.rempart.core.controls.podsecurity;

import static dev.rempart.core.controls.podsecurity.Details.isTrue;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Baseline: neither the pod nor a container may be a Windows HostProcess container, the Windows
 * equivalent of a privileged container.
 */
final class WindowsHostProcessCheck implements StandardCheck {
  @Override
  public String id() {
    return "windowsHostProcess";
  }

  @Override
  public PodSecurityLevel level() {
    return PodSecurityLevel.BASELINE;
  }

  @Override
  public Optional<Violation> evaluate(ObjectMeta podMetadata, PodSpec spec) {
    List<String> setters = new ArrayList<>();
    if (spec.getSecurityContext() != null
        && hostProcess(spec.getSecurityContext().getWindowsOptions())) {
      setters.add("pod");
    }
    List<String> bad = new ArrayList<>();
    for (ContainerView c : ContainerView.of(spec)) {
      if (c.securityContext() != null && hostProcess(c.securityContext().getWindowsOptions())) {
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
            "hostProcess",
            String.join(" and ", setters)
                + " must not set securityContext.windowsOptions.hostProcess=true",
            Severity.CRITICAL,
            "remove securityContext.windowsOptions.hostProcess (or set it to false); a HostProcess"
                + " container has full access to the Windows node"));
  }

  private static boolean hostProcess(WindowsSecurityContextOptions options) {
    return options != null && isTrue(options.getHostProcess());
  }
}
