package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Baseline: the runtime's default AppArmor profile may not be overridden or disabled. Both forms
 * are checked, as upstream does: the {@code appArmorProfile} field (pod and containers; only
 * RuntimeDefault and Localhost) and the deprecated {@code container.apparmor.security.beta.
 * kubernetes.io/*} annotations (only empty, {@code runtime/default} and {@code localhost/*}).
 */
final class AppArmorProfileCheck implements StandardCheck {
  static final String ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
  private static final Set<String> ALLOWED_TYPES = Set.of("RuntimeDefault", "Localhost");

  @Override
  public String id() {
    return "appArmorProfile";
  }

  @Override
  public PodSecurityLevel level() {
    return PodSecurityLevel.BASELINE;
  }

  @Override
  public Optional<Violation> evaluate(ObjectMeta podMetadata, PodSpec spec) {
    List<String> setters = new ArrayList<>();
    SortedSet<String> badValues = new TreeSet<>();
    if (spec.getSecurityContext() != null
        && !allowed(spec.getSecurityContext().getAppArmorProfile(), badValues)) {
      setters.add("pod");
    }
    List<String> bad = new ArrayList<>();
    for (ContainerView c : ContainerView.of(spec)) {
      if (c.securityContext() != null
          && !allowed(c.securityContext().getAppArmorProfile(), badValues)) {
        bad.add(c.name());
      }
    }
    if (!bad.isEmpty()) {
      setters.add(Details.containers(bad));
    }
    List<String> values = new ArrayList<>(badValues);
    SortedSet<String> annotations = new TreeSet<>();
    Map<String, String> podAnnotations = podMetadata.getAnnotations();
    if (podAnnotations != null) {
      podAnnotations.forEach(
          (key, value) -> {
            if (key.startsWith(ANNOTATION_PREFIX) && !allowedAnnotation(value)) {
              annotations.add(key + "=" + GoQuote.quote(value));
            }
          });
    }
    if (!annotations.isEmpty()) {
      values.addAll(annotations);
      setters.add(Details.plural("annotation", "annotations", annotations.size()));
    }
    if (setters.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            Details.plural(
                "forbidden AppArmor profile", "forbidden AppArmor profiles", values.size()),
            String.join(" and ", setters)
                + " must not set AppArmor profile type to "
                + Details.quoted(values),
            Severity.MEDIUM,
            "set securityContext.appArmorProfile.type to RuntimeDefault or Localhost (or remove it),"
                + " and remove AppArmor annotations other than runtime/default or localhost/*"));
  }

  /** True when the profile is unset or of an allowed type; records the type when it is not. */
  private static boolean allowed(AppArmorProfile profile, Set<String> badValues) {
    if (profile == null) {
      return true;
    }
    String type = profile.getType() == null ? "" : profile.getType();
    if (ALLOWED_TYPES.contains(type)) {
      return true;
    }
    badValues.add(type);
    return false;
  }

  private static boolean allowedAnnotation(String value) {
    return value == null
        || value.isEmpty()
        || value.equals("runtime/default")
        || value.startsWith("localhost/");
  }
}
