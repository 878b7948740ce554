package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Restricted, replacing {@code seccompProfile_baseline}: every container runs under RuntimeDefault
 * or Localhost, set on the container or inherited from a valid pod-level profile. Explicitly bad
 * values are reported first; only when there are none are the containers left without a profile
 * reported. Windows pods are exempt.
 */
final class SeccompProfileRestrictedCheck implements StandardCheck {
  @Override
  public String id() {
    return "seccompProfile_restricted";
  }

  @Override
  public PodSecurityLevel level() {
    return PodSecurityLevel.RESTRICTED;
  }

  @Override
  public Set<String> overrides() {
    return Set.of(SeccompProfileBaselineCheck.ID);
  }

  @Override
  public Optional<Violation> evaluate(ObjectMeta podMetadata, PodSpec spec) {
    if (Windows.isWindows(spec)) {
      return Optional.empty();
    }
    List<String> setters = new ArrayList<>();
    SortedSet<String> values = new TreeSet<>();
    boolean podSet = false;
    SeccompProfile podProfile =
        spec.getSecurityContext() == null ? null : spec.getSecurityContext().getSeccompProfile();
    if (podProfile != null) {
      if (SeccompProfiles.valid(podProfile)) {
        podSet = true;
      } else {
        setters.add("pod");
        values.add(SeccompProfiles.type(podProfile));
      }
    }
    List<String> explicitlyBad = new ArrayList<>();
    List<String> implicitlyBad = new ArrayList<>();
    for (ContainerView c : ContainerView.of(spec)) {
      SeccompProfile profile =
          c.securityContext() == null ? null : c.securityContext().getSeccompProfile();
      if (profile != null) {
        if (!SeccompProfiles.valid(profile)) {
          explicitlyBad.add(c.name());
          values.add(SeccompProfiles.type(profile));
        }
      } else if (!podSet) {
        implicitlyBad.add(c.name());
      }
    }
    if (!explicitlyBad.isEmpty()) {
      setters.add(Details.containers(explicitlyBad));
    }
    String detail;
    if (!setters.isEmpty()) {
      detail =
          String.join(" and ", setters)
              + " must not set securityContext.seccompProfile.type to "
              + Details.quoted(values);
    } else if (!implicitlyBad.isEmpty()) {
      detail =
          "pod or "
              + Details.containers(implicitlyBad)
              + " must set securityContext.seccompProfile.type to \"RuntimeDefault\" or"
              + " \"Localhost\"";
    } else {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            "seccompProfile",
            detail,
            Severity.MEDIUM,
            "set securityContext.seccompProfile.type: RuntimeDefault in the pod's securityContext"
                + " (or Localhost with a profile), and remove Unconfined from the containers"));
  }
}
