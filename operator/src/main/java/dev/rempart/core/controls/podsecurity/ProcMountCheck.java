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
 * The default /proc masks: {@code procMount} unset or {@code Default}. Two checks share this class,
 * as upstream has them at v1.35:
 *
 * <ul>
 *   <li>{@code procMount} (baseline) lets any value pass when the pod runs in a user namespace
 *       ({@code hostUsers: false}), where an unmasked /proc cannot reach the host;
 *   <li>{@code procMount_restricted} (restricted) replaces it and allows no exception.
 * </ul>
 */
final class ProcMountCheck implements StandardCheck {
  static final String BASELINE_ID = "procMount";
  private final boolean restricted;

  private ProcMountCheck(boolean restricted) {
    this.restricted = restricted;
  }

  static ProcMountCheck baseline() {
    return new ProcMountCheck(false);
  }

  static ProcMountCheck restricted() {
    return new ProcMountCheck(true);
  }

  @Override
  public String id() {
    return restricted ? "procMount_restricted" : BASELINE_ID;
  }

  @Override
  public PodSecurityLevel level() {
    return restricted ? PodSecurityLevel.RESTRICTED : PodSecurityLevel.BASELINE;
  }

  @Override
  public Set<String> overrides() {
    return restricted ? Set.of(BASELINE_ID) : Set.of();
  }

  @Override
  public Optional<Violation> evaluate(ObjectMeta podMetadata, PodSpec spec) {
    if (!restricted && UserNamespaces.isUserNamespacePod(spec)) {
      return Optional.empty();
    }
    List<String> bad = new ArrayList<>();
    SortedSet<String> values = new TreeSet<>();
    for (ContainerView c : ContainerView.of(spec)) {
      String procMount = c.securityContext() == null ? null : c.securityContext().getProcMount();
      if (procMount != null && !procMount.equals("Default")) {
        bad.add(c.name());
        values.add(procMount);
      }
    }
    if (bad.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            "procMount",
            Details.containers(bad)
                + " must not set securityContext.procMount to "
                + Details.quoted(values),
            Severity.MEDIUM,
            "remove securityContext.procMount from the containers named, or set it to Default"
                + (restricted
                    ? ""
                    : " (or run the pod in a user namespace with hostUsers: false)")));
  }
}
