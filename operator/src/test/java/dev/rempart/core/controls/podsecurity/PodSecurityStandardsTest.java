package dev.rempart.core.controls.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The registry: which checks exist at v1.35 and which run at each level. */
class PodSecurityStandardsTest {

  @Test
  void baselineRunsTheTwelveBaselineChecksInUpstreamOrder() {
    assertThat(ids(PodSecurityLevel.BASELINE))
        .containsExactly(
            "appArmorProfile",
            "capabilities_baseline",
            "hostNamespaces",
            "hostPathVolumes",
            "hostPorts",
            "hostProbesAndHostLifecycle",
            "privileged",
            "procMount",
            "seLinuxOptions",
            "seccompProfile_baseline",
            "sysctls",
            "windowsHostProcess");
  }

  @Test
  void restrictedReplacesOverriddenBaselineChecks() {
    assertThat(ids(PodSecurityLevel.RESTRICTED))
        .containsExactly(
            "appArmorProfile",
            "hostNamespaces",
            "hostPorts",
            "hostProbesAndHostLifecycle",
            "privileged",
            "seLinuxOptions",
            "sysctls",
            "windowsHostProcess",
            "allowPrivilegeEscalation",
            "capabilities_restricted",
            "procMount_restricted",
            "restrictedVolumes",
            "runAsNonRoot",
            "runAsUser",
            "seccompProfile_restricted");
  }

  @Test
  void overridesAreUpstreams() {
    Map<String, Set<String>> overrides =
        PodSecurityStandards.all().stream()
            .filter(c -> !c.overrides().isEmpty())
            .collect(Collectors.toMap(StandardCheck::id, StandardCheck::overrides));
    assertThat(overrides)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "restrictedVolumes", Set.of("hostPathVolumes"),
                "capabilities_restricted", Set.of("capabilities_baseline"),
                "seccompProfile_restricted", Set.of("seccompProfile_baseline"),
                "procMount_restricted", Set.of("procMount")));
  }

  @Test
  void everyCheckHasAUniqueIdAndAllNineteenExist() {
    assertThat(PodSecurityStandards.all()).hasSize(19);
    assertThat(PodSecurityStandards.all().stream().map(StandardCheck::id).distinct()).hasSize(19);
  }

  private static List<String> ids(PodSecurityLevel level) {
    return PodSecurityStandards.checksFor(level).stream().map(StandardCheck::id).toList();
  }
}
