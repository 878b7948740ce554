package dev.rempart.core.controls.podsecurity;

import static dev.rempart.core.controls.podsecurity.CheckCase.fails;
import static dev.rempart.core.controls.podsecurity.CheckCase.passes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** allowPrivilegeEscalation, runAsNonRoot and runAsUser. */
class RestrictedUserChecksTest {

  static Stream<CheckCase> allowPrivilegeEscalation() {
    return Stream.of(
        passes(
            "false everywhere",
            "{initContainers: [{name: i, securityContext: {allowPrivilegeEscalation: false}}],"
                + " containers: [{name: a, securityContext: {allowPrivilegeEscalation: false}}]}"),
        passes("Windows pods are exempt", "{os: {name: windows}, containers: [{name: a}]}"),
        fails(
            "unset means allowed",
            "{containers: [{name: a}, {name: b, securityContext: {}}]}",
            "allowPrivilegeEscalation != false (containers \"a\", \"b\" must set"
                + " securityContext.allowPrivilegeEscalation=false)"),
        fails(
            "explicit true, ephemeral container",
            "{containers: [{name: a, securityContext: {allowPrivilegeEscalation: false}}],"
                + " ephemeralContainers: [{name: e, securityContext: {allowPrivilegeEscalation:"
                + " true}}]}",
            "allowPrivilegeEscalation != false (container \"e\" must set"
                + " securityContext.allowPrivilegeEscalation=false)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void allowPrivilegeEscalation(CheckCase c) {
    assertThat(Pods.verdict(new AllowPrivilegeEscalationCheck(), c.spec()))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }

  static Stream<CheckCase> runAsNonRoot() {
    return Stream.of(
        passes(
            "pod level is inherited by every container",
            "{securityContext: {runAsNonRoot: true}, initContainers: [{name: i}], containers:"
                + " [{name: a}], ephemeralContainers: [{name: e}]}"),
        passes(
            "every container sets it",
            "{containers: [{name: a, securityContext: {runAsNonRoot: true}}, {name: b,"
                + " securityContext: {runAsNonRoot: true}}]}"),
        passes(
            "any setting in a user namespace (v1.35)",
            "{hostUsers: false, securityContext: {runAsNonRoot: false}, containers: [{name: a}]}"),
        fails(
            "unset",
            "{containers: [{name: a, securityContext: {runAsNonRoot: true}}, {name: b}]}",
            "runAsNonRoot != true (pod or container \"b\" must set"
                + " securityContext.runAsNonRoot=true)"),
        fails(
            "a container may not undo the pod's true",
            "{securityContext: {runAsNonRoot: true}, containers: [{name: a}, {name: b,"
                + " securityContext: {runAsNonRoot: false}}]}",
            "runAsNonRoot != true (container \"b\" must not set"
                + " securityContext.runAsNonRoot=false)"),
        fails(
            "explicit false is reported rather than the unset containers",
            "{securityContext: {runAsNonRoot: false}, containers: [{name: a, securityContext:"
                + " {runAsNonRoot: false}}, {name: b}]}",
            "runAsNonRoot != true (pod and container \"a\" must not set"
                + " securityContext.runAsNonRoot=false)"),
        fails(
            "Windows pods are not exempt",
            "{os: {name: windows}, containers: [{name: a}]}",
            "runAsNonRoot != true (pod or container \"a\" must set"
                + " securityContext.runAsNonRoot=true)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void runAsNonRoot(CheckCase c) {
    assertThat(Pods.verdict(new RunAsNonRootCheck(), c.spec()))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }

  static Stream<CheckCase> runAsUser() {
    return Stream.of(
        passes("unset", "{containers: [{name: a}]}"),
        passes(
            "non-zero",
            "{securityContext: {runAsUser: 1000}, containers: [{name: a, securityContext:"
                + " {runAsUser: 65534}}]}"),
        passes(
            "root in a user namespace (v1.35)",
            "{hostUsers: false, securityContext: {runAsUser: 0}, containers: [{name: a}]}"),
        fails(
            "pod root",
            "{securityContext: {runAsUser: 0}, containers: [{name: a}]}",
            "runAsUser=0 (pod must not set runAsUser=0)"),
        fails(
            "pod and init container root",
            "{securityContext: {runAsUser: 0}, initContainers: [{name: i, securityContext:"
                + " {runAsUser: 0}}], containers: [{name: a, securityContext: {runAsUser: 1}}]}",
            "runAsUser=0 (pod and container \"i\" must not set runAsUser=0)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void runAsUser(CheckCase c) {
    assertThat(Pods.verdict(new RunAsUserCheck(), c.spec()))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }
}
