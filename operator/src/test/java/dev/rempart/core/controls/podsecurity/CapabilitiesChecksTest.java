package dev.rempart.core.controls.podsecurity;

import static dev.rempart.core.controls.podsecurity.CheckCase.fails;
import static dev.rempart.core.controls.podsecurity.CheckCase.passes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** capabilities_baseline and capabilities_restricted, which replaces it at restricted. */
class CapabilitiesChecksTest {

  static Stream<CheckCase> baseline() {
    return Stream.of(
        passes("no capabilities", "{containers: [{name: a}]}"),
        passes(
            "every capability of the default set",
            "{containers: [{name: a, securityContext: {capabilities: {add: [AUDIT_WRITE, CHOWN,"
                + " DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID,"
                + " SETPCAP, SETUID, SYS_CHROOT]}}}]}"),
        passes(
            "dropping is always fine",
            "{containers: [{name: a, securityContext: {capabilities: {drop: [ALL, NET_RAW]}}}]}"),
        fails(
            "NET_RAW is not in the default set",
            "{containers: [{name: a, securityContext: {capabilities: {add: [NET_RAW, CHOWN]}}}]}",
            "non-default capabilities (container \"a\" must not include \"NET_RAW\" in"
                + " securityContext.capabilities.add)"),
        fails(
            "names are compared as written: no CAP_ prefix stripping, no case folding",
            "{containers: [{name: a, securityContext: {capabilities: {add: [CAP_CHOWN, kill]}}}]}",
            "non-default capabilities (container \"a\" must not include \"CAP_CHOWN\", \"kill\" in"
                + " securityContext.capabilities.add)"),
        fails(
            "several containers, capabilities sorted and merged",
            "{initContainers: [{name: i, securityContext: {capabilities: {add: [SYS_ADMIN]}}}],"
                + " containers: [{name: a, securityContext: {capabilities: {add: [BPF,"
                + " SYS_ADMIN]}}}], ephemeralContainers: [{name: e, securityContext:"
                + " {capabilities: {add: [SYS_PTRACE]}}}]}",
            "non-default capabilities (containers \"i\", \"a\", \"e\" must not include \"BPF\","
                + " \"SYS_ADMIN\", \"SYS_PTRACE\" in securityContext.capabilities.add)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void baseline(CheckCase c) {
    assertThat(Pods.verdict(new CapabilitiesBaselineCheck(), c.spec()))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }

  static Stream<CheckCase> restricted() {
    return Stream.of(
        passes(
            "drop ALL",
            "{containers: [{name: a, securityContext: {capabilities: {drop: [ALL]}}}]}"),
        passes(
            "drop ALL and add back NET_BIND_SERVICE",
            "{containers: [{name: a, securityContext: {capabilities: {drop: [NET_RAW, ALL], add:"
                + " [NET_BIND_SERVICE]}}}]}"),
        passes("Windows pods are exempt", "{os: {name: windows}, containers: [{name: a}]}"),
        fails(
            "no security context at all",
            "{containers: [{name: a}]}",
            "unrestricted capabilities (container \"a\" must set"
                + " securityContext.capabilities.drop=[\"ALL\"])"),
        fails(
            "drop is case-sensitive",
            "{containers: [{name: a, securityContext: {capabilities: {drop: [all]}}}]}",
            "unrestricted capabilities (container \"a\" must set"
                + " securityContext.capabilities.drop=[\"ALL\"])"),
        fails(
            "a default capability is still too much at restricted",
            "{containers: [{name: a, securityContext: {capabilities: {drop: [ALL], add: [CHOWN,"
                + " NET_BIND_SERVICE]}}}]}",
            "unrestricted capabilities (container \"a\" must not include \"CHOWN\" in"
                + " securityContext.capabilities.add)"),
        fails(
            "both faults, ephemeral containers included",
            "{containers: [{name: a, securityContext: {capabilities: {add: [SYS_TIME]}}}],"
                + " ephemeralContainers: [{name: e}]}",
            "unrestricted capabilities (containers \"a\", \"e\" must set"
                + " securityContext.capabilities.drop=[\"ALL\"]; container \"a\" must not include"
                + " \"SYS_TIME\" in securityContext.capabilities.add)"),
        fails(
            "a linux pod (os.name linux) is not exempt",
            "{os: {name: linux}, containers: [{name: a}]}",
            "unrestricted capabilities (container \"a\" must set"
                + " securityContext.capabilities.drop=[\"ALL\"])"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void restricted(CheckCase c) {
    assertThat(Pods.verdict(new CapabilitiesRestrictedCheck(), c.spec()))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }

  @Test
  void restrictedKeepsBaselineSeverityForCapabilitiesBaselineForbids() {
    var check = new CapabilitiesRestrictedCheck();
    var defaultCap =
        Pods.spec(
            "{containers: [{name: a, securityContext: {capabilities: {drop: [ALL], add:"
                + " [CHOWN]}}}]}");
    var dangerousCap =
        Pods.spec(
            "{containers: [{name: a, securityContext: {capabilities: {drop: [ALL], add:"
                + " [SYS_ADMIN]}}}]}");
    assertThat(check.evaluate(new ObjectMeta(), defaultCap).orElseThrow().severity())
        .isEqualTo(Severity.MEDIUM);
    assertThat(check.evaluate(new ObjectMeta(), dangerousCap).orElseThrow().severity())
        .isEqualTo(Severity.HIGH);
    assertThat(
            new CapabilitiesBaselineCheck()
                .evaluate(new ObjectMeta(), dangerousCap)
                .orElseThrow()
                .severity())
        .isEqualTo(Severity.HIGH);
  }
}
