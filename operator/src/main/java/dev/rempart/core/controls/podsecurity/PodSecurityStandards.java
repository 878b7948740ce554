package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks of the Pod Security Standards as the Pod Security Admission runs them for version
 * v1.35, and which of them apply at each level.
 *
 * <p>Baseline runs the baseline checks. Restricted runs the restricted checks plus every baseline
 * check that no restricted check overrides: {@code restrictedVolumes} replaces {@code
 * hostPathVolumes}, {@code capabilities_restricted} replaces {@code capabilities_baseline}, {@code
 * seccompProfile_restricted} replaces {@code seccompProfile_baseline} and {@code
 * procMount_restricted} replaces {@code procMount}. Checks run in upstream's order: baseline
 * identifiers sorted, then restricted ones sorted.
 */
final class PodSecurityStandards {
  /** The version of the standards, as written in the {@code enforce-version} label. */
  static final String VERSION = "v1.35";

  /** The minor version of {@link #VERSION}. */
  static final int MINOR = 35;

  private static final List<StandardCheck> ALL =
      validated(
          List.of(
              new AppArmorProfileCheck(),
              new CapabilitiesBaselineCheck(),
              new HostNamespacesCheck(),
              new HostPathVolumesCheck(),
              new HostPortsCheck(),
              new HostProbesAndLifecycleCheck(),
              new PrivilegedCheck(),
              ProcMountCheck.baseline(),
              new SeLinuxOptionsCheck(),
              new SeccompProfileBaselineCheck(),
              new SysctlsCheck(),
              new WindowsHostProcessCheck(),
              new AllowPrivilegeEscalationCheck(),
              new CapabilitiesRestrictedCheck(),
              ProcMountCheck.restricted(),
              new RestrictedVolumesCheck(),
              new RunAsNonRootCheck(),
              new RunAsUserCheck(),
              new SeccompProfileRestrictedCheck()));

  private PodSecurityStandards() {}

  /** Every check, of both levels. */
  static List<StandardCheck> all() {
    return ALL;
  }

  /** The checks a pod must pass to meet the level, in the order they run. */
  static List<StandardCheck> checksFor(PodSecurityLevel level) {
    Set<String> overridden = new HashSet<>();
    if (level == PodSecurityLevel.RESTRICTED) {
      ALL.stream()
          .filter(c -> c.level() == PodSecurityLevel.RESTRICTED)
          .forEach(c -> overridden.addAll(c.overrides()));
    }
    List<StandardCheck> checks = new ArrayList<>();
    for (StandardCheck check : ALL) {
      boolean applies =
          check.level() == PodSecurityLevel.BASELINE || level == PodSecurityLevel.RESTRICTED;
      if (applies && !overridden.contains(check.id())) {
        checks.add(check);
      }
    }
    checks.sort(
        Comparator.comparing((StandardCheck c) -> c.level().ordinal())
            .thenComparing(StandardCheck::id));
    return List.copyOf(checks);
  }

  /** The same rules upstream's registry enforces, so that a mistake here fails at load time. */
  private static List<StandardCheck> validated(List<StandardCheck> checks) {
    Map<String, PodSecurityLevel> levels = new HashMap<>();
    for (StandardCheck c : checks) {
      if (levels.put(c.id(), c.level()) != null) {
        throw new IllegalStateException("two checks are registered as " + c.id());
      }
    }
    for (StandardCheck c : checks) {
      if (!c.overrides().isEmpty() && c.level() != PodSecurityLevel.RESTRICTED) {
        throw new IllegalStateException(c.id() + ": only restricted checks may override");
      }
      for (String id : c.overrides()) {
        if (levels.get(id) != PodSecurityLevel.BASELINE) {
          throw new IllegalStateException(c.id() + " overrides " + id + ", not a baseline check");
        }
      }
    }
    return List.copyOf(checks);
  }
}
