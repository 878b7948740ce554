package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Baseline: a seccomp profile, where one is set (pod or container), is RuntimeDefault or Localhost
 * — never Unconfined. Since v1.19 upstream checks the field only; the old alpha annotations are no
 * longer read, and neither does the API server turn them into fields any more.
 */
final class SeccompProfileBaselineCheck implements StandardCheck {
  static final String ID = "seccompProfile_baseline";

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
    List<String> setters = new ArrayList<>();
    SortedSet<String> values = new TreeSet<>();
    SeccompProfile podProfile =
        spec.getSecurityContext() == null ? null : spec.getSecurityContext().getSeccompProfile();
    if (podProfile != null && !SeccompProfiles.valid(podProfile)) {
      setters.add("pod");
      values.add(SeccompProfiles.type(podProfile));
    }
    List<String> bad = new ArrayList<>();
    for (ContainerView c : ContainerView.of(spec)) {
      SeccompProfile profile =
          c.securityContext() == null ? null : c.securityContext().getSeccompProfile();
      if (profile != null && !SeccompProfiles.valid(profile)) {
        bad.add(c.name());
        values.add(SeccompProfiles.type(profile));
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
            "seccompProfile",
            String.join(" and ", setters)
                + " must not set securityContext.seccompProfile.type to "
                + Details.quoted(values),
            Severity.MEDIUM,
            "set securityContext.seccompProfile.type to RuntimeDefault or Localhost, or remove it"));
  }
}
