package dev.rempart.core.controls.podsecurity;

import static dev.rempart.core.controls.podsecurity.CheckCase.fails;
import static dev.rempart.core.controls.podsecurity.CheckCase.passes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** AppArmor, SELinux, seccomp (both levels) and procMount (both levels). */
class ProfileChecksTest {
  private static final String APPARMOR = "container.apparmor.security.beta.kubernetes.io/";

  static Stream<CheckCase> appArmorField() {
    return Stream.of(
        passes("unset", "{containers: [{name: a}]}"),
        passes(
            "RuntimeDefault and Localhost",
            "{securityContext: {appArmorProfile: {type: RuntimeDefault}}, containers: [{name: a,"
                + " securityContext: {appArmorProfile: {type: Localhost, localhostProfile: p}}}]}"),
        fails(
            "pod Unconfined",
            "{securityContext: {appArmorProfile: {type: Unconfined}}, containers: [{name: a}]}",
            "forbidden AppArmor profile (pod must not set AppArmor profile type to"
                + " \"Unconfined\")"),
        fails(
            "a profile without a type is not allowed",
            "{containers: [{name: a, securityContext: {appArmorProfile: {}}}]}",
            "forbidden AppArmor profile (container \"a\" must not set AppArmor profile type to"
                + " \"\")"),
        fails(
            "pod and containers, values merged",
            "{securityContext: {appArmorProfile: {type: Unconfined}}, containers: [{name: a,"
                + " securityContext: {appArmorProfile: {type: Unconfined}}}, {name: b,"
                + " securityContext: {appArmorProfile: {type: Other}}}]}",
            "forbidden AppArmor profiles (pod and containers \"a\", \"b\" must not set AppArmor"
                + " profile type to \"Other\", \"Unconfined\")"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void appArmorField(CheckCase c) {
    assertThat(Pods.verdict(new AppArmorProfileCheck(), c.spec()))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }

  @Test
  void appArmorAnnotations() {
    var check = new AppArmorProfileCheck();
    String spec = "{containers: [{name: a}, {name: b}]}";
    assertThat(
            Pods.verdict(
                check,
                Map.of(
                    APPARMOR + "a",
                    "runtime/default",
                    APPARMOR + "b",
                    "localhost/custom",
                    APPARMOR + "c",
                    "",
                    "other.example.com/a",
                    "unconfined"),
                spec))
        .isEmpty();
    assertThat(Pods.verdict(check, Map.of(APPARMOR + "b", "unconfined"), spec))
        .contains(
            "forbidden AppArmor profile (annotation must not set AppArmor profile type to"
                + " \""
                + APPARMOR
                + "b=\"unconfined\"\")");
  }

  @Test
  void appArmorFieldAndAnnotationTogether() {
    assertThat(
            Pods.verdict(
                new AppArmorProfileCheck(),
                Map.of(APPARMOR + "b", "unconfined", APPARMOR + "a", "bogus"),
                "{containers: [{name: a, securityContext: {appArmorProfile: {type:"
                    + " Unconfined}}}]}"))
        .contains(
            "forbidden AppArmor profiles (container \"a\" and annotations must not set AppArmor"
                + " profile type to \"Unconfined\", \""
                + APPARMOR
                + "a=\"bogus\"\", \""
                + APPARMOR
                + "b=\"unconfined\"\")");
  }

  static Stream<CheckCase> seLinux() {
    return Stream.of(
        passes("unset", "{containers: [{name: a}]}"),
        passes(
            "the container types, and a level",
            "{securityContext: {seLinuxOptions: {type: container_t, level: 's0:c1,c2'}},"
                + " containers: [{name: a, securityContext: {seLinuxOptions: {type:"
                + " container_init_t}}}, {name: b, securityContext: {seLinuxOptions: {type:"
                + " container_kvm_t}}}, {name: c, securityContext: {seLinuxOptions: {type:"
                + " container_engine_t}}}]}"),
        fails(
            "spc_t (unconfined)",
            "{securityContext: {seLinuxOptions: {type: spc_t}}}",
            "seLinuxOptions (pod set forbidden securityContext.seLinuxOptions: type \"spc_t\")"),
        fails(
            "user and role, never allowed",
            "{containers: [{name: a, securityContext: {seLinuxOptions: {user: system_u}}}, {name: b,"
                + " securityContext: {seLinuxOptions: {role: system_r}}}]}",
            "seLinuxOptions (containers \"a\", \"b\" set forbidden"
                + " securityContext.seLinuxOptions: user may not be set; role may not be set)"),
        fails(
            "pod and containers, types merged",
            "{securityContext: {seLinuxOptions: {type: zz_t}}, containers: [{name: a,"
                + " securityContext: {seLinuxOptions: {type: aa_t, user: u}}}]}",
            "seLinuxOptions (pod and container \"a\" set forbidden"
                + " securityContext.seLinuxOptions: types \"aa_t\", \"zz_t\"; user may not be"
                + " set)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void seLinux(CheckCase c) {
    assertThat(Pods.verdict(new SeLinuxOptionsCheck(), c.spec()))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }

  static Stream<CheckCase> seccompBaseline() {
    return Stream.of(
        passes("unset is fine at baseline", "{containers: [{name: a}]}"),
        passes(
            "RuntimeDefault and Localhost",
            "{securityContext: {seccompProfile: {type: RuntimeDefault}}, containers: [{name: a,"
                + " securityContext: {seccompProfile: {type: Localhost, localhostProfile: p}}}]}"),
        fails(
            "container Unconfined",
            "{containers: [{name: a}, {name: b, securityContext: {seccompProfile: {type:"
                + " Unconfined}}}]}",
            "seccompProfile (container \"b\" must not set securityContext.seccompProfile.type to"
                + " \"Unconfined\")"),
        fails(
            "pod and init container",
            "{securityContext: {seccompProfile: {type: Unconfined}}, initContainers: [{name: i,"
                + " securityContext: {seccompProfile: {type: Unconfined}}}]}",
            "seccompProfile (pod and container \"i\" must not set"
                + " securityContext.seccompProfile.type to \"Unconfined\")"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void seccompBaseline(CheckCase c) {
    assertThat(Pods.verdict(new SeccompProfileBaselineCheck(), c.spec()))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }

  @Test
  void seccompAlphaAnnotationsAreIgnored() {
    assertThat(
            Pods.verdict(
                new SeccompProfileBaselineCheck(),
                Map.of("seccomp.security.alpha.kubernetes.io/pod", "unconfined"),
                "{containers: [{name: a}]}"))
        .isEmpty();
  }

  static Stream<CheckCase> seccompRestricted() {
    return Stream.of(
        passes(
            "pod level covers every container",
            "{securityContext: {seccompProfile: {type: RuntimeDefault}}, initContainers: [{name:"
                + " i}], containers: [{name: a}], ephemeralContainers: [{name: e}]}"),
        passes(
            "each container sets its own",
            "{containers: [{name: a, securityContext: {seccompProfile: {type: RuntimeDefault}}},"
                + " {name: b, securityContext: {seccompProfile: {type: Localhost}}}]}"),
        passes("Windows pods are exempt", "{os: {name: windows}, containers: [{name: a}]}"),
        fails(
            "unset: pod or every container must set it",
            "{initContainers: [{name: i}], containers: [{name: a, securityContext:"
                + " {seccompProfile: {type: RuntimeDefault}}}, {name: b}]}",
            "seccompProfile (pod or containers \"i\", \"b\" must set"
                + " securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")"),
        fails(
            "explicitly bad values are reported before missing ones",
            "{securityContext: {seccompProfile: {type: Unconfined}}, containers: [{name: a},"
                + " {name: b, securityContext: {seccompProfile: {type: RuntimeDefault}}}]}",
            "seccompProfile (pod must not set securityContext.seccompProfile.type to"
                + " \"Unconfined\")"),
        fails(
            "a container may not undo the pod's profile",
            "{securityContext: {seccompProfile: {type: RuntimeDefault}}, containers: [{name: a,"
                + " securityContext: {seccompProfile: {type: Unconfined}}}]}",
            "seccompProfile (container \"a\" must not set securityContext.seccompProfile.type to"
                + " \"Unconfined\")"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void seccompRestricted(CheckCase c) {
    assertThat(Pods.verdict(new SeccompProfileRestrictedCheck(), c.spec()))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }

  static Stream<CheckCase> procMountBaseline() {
    return Stream.of(
        passes("unset", "{containers: [{name: a, securityContext: {}}]}"),
        passes("Default", "{containers: [{name: a, securityContext: {procMount: Default}}]}"),
        passes(
            "any value in a user namespace (v1.35)",
            "{hostUsers: false, containers: [{name: a, securityContext: {procMount: Unmasked}}]}"),
        fails(
            "Unmasked",
            "{containers: [{name: a, securityContext: {procMount: Unmasked}}, {name: b,"
                + " securityContext: {procMount: Other}}]}",
            "procMount (containers \"a\", \"b\" must not set securityContext.procMount to"
                + " \"Other\", \"Unmasked\")"),
        fails(
            "hostUsers true is not a user namespace",
            "{hostUsers: true, containers: [{name: a, securityContext: {procMount: Unmasked}}]}",
            "procMount (container \"a\" must not set securityContext.procMount to"
                + " \"Unmasked\")"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void procMountBaseline(CheckCase c) {
    assertThat(Pods.verdict(ProcMountCheck.baseline(), c.spec()))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }

  @Test
  void procMountRestrictedMakesNoUserNamespaceException() {
    String spec =
        "{hostUsers: false, ephemeralContainers: [{name: e, securityContext: {procMount:"
            + " Unmasked}}]}";
    assertThat(Pods.verdict(ProcMountCheck.restricted(), spec))
        .contains(
            "procMount (container \"e\" must not set securityContext.procMount to \"Unmasked\")");
    assertThat(Pods.verdict(ProcMountCheck.restricted(), "{containers: [{name: a}]}")).isEmpty();
  }
}
