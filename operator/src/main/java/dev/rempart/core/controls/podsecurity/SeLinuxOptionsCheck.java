package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Baseline: SELinux options may not set a user or role, and only the container types (the v1.31+
 * list, which adds container_engine_t) — or no type — may be chosen, at pod or container level.
 */
final class SeLinuxOptionsCheck implements StandardCheck {
  static final Set<String> ALLOWED_TYPES =
      Set.of("", "container_t", "container_init_t", "container_kvm_t", "container_engine_t");

  @Override
  public String id() {
    return "seLinuxOptions";
  }

  @Override
  public PodSecurityLevel level() {
    return PodSecurityLevel.BASELINE;
  }

  @Override
  public Optional<Violation> evaluate(ObjectMeta podMetadata, PodSpec spec) {
    Faults faults = new Faults();
    List<String> setters = new ArrayList<>();
    if (spec.getSecurityContext() != null
        && !faults.valid(spec.getSecurityContext().getSeLinuxOptions())) {
      setters.add("pod");
    }
    List<String> bad = new ArrayList<>();
    for (ContainerView c : ContainerView.of(spec)) {
      if (c.securityContext() != null && !faults.valid(c.securityContext().getSeLinuxOptions())) {
        bad.add(c.name());
      }
    }
    if (!bad.isEmpty()) {
      setters.add(Details.containers(bad));
    }
    if (setters.isEmpty()) {
      return Optional.empty();
    }
    List<String> data = new ArrayList<>();
    if (!faults.types.isEmpty()) {
      data.add(
          Details.plural("type", "types", faults.types.size())
              + " "
              + Details.quoted(faults.types));
    }
    if (faults.user) {
      data.add("user may not be set");
    }
    if (faults.role) {
      data.add("role may not be set");
    }
    return Optional.of(
        new Violation(
            "seLinuxOptions",
            String.join(" and ", setters)
                + " set forbidden securityContext.seLinuxOptions: "
                + String.join("; ", data),
            Severity.MEDIUM,
            "remove seLinuxOptions.user and seLinuxOptions.role, and leave seLinuxOptions.type"
                + " unset or set it to container_t, container_init_t, container_kvm_t or"
                + " container_engine_t"));
  }

  /** What the options seen so far got wrong, across pod and containers. */
  private static final class Faults {
    private final SortedSet<String> types = new TreeSet<>();
    private boolean user;
    private boolean role;

    boolean valid(SELinuxOptions options) {
      if (options == null) {
        return true;
      }
      boolean valid = true;
      String type = options.getType() == null ? "" : options.getType();
      if (!ALLOWED_TYPES.contains(type)) {
        valid = false;
        types.add(type);
      }
      if (options.getUser() != null && !options.getUser().isEmpty()) {
        valid = false;
        user = true;
      }
      if (options.getRole() != null && !options.getRole().isEmpty()) {
        valid = false;
        role = true;
      }
      return valid;
    }
  }
}
