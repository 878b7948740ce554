package dev.rempart.core.controls.podsecurity;

import static dev.rempart.core.controls.podsecurity.CheckCase.fails;
import static dev.rempart.core.controls.podsecurity.CheckCase.passes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The baseline checks that keep a pod off the node: namespaces, privileged, hostProcess, ports. */
class BaselineHostChecksTest {

  static Stream<CheckCase> hostNamespaces() {
    return Stream.of(
        passes("nothing shared", "{containers: [{name: a}]}"),
        passes("explicit false", "{hostNetwork: false, hostPID: false, hostIPC: false}"),
        fails("host network", "{hostNetwork: true}", "host namespaces (hostNetwork=true)"),
        fails("host IPC only", "{hostIPC: true}", "host namespaces (hostIPC=true)"),
        fails(
            "all three, in upstream's order",
            "{hostIPC: true, hostPID: true, hostNetwork: true}",
            "host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void hostNamespaces(CheckCase c) {
    assertThat(Pods.verdict(new HostNamespacesCheck(), c.spec()))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }

  static Stream<CheckCase> privileged() {
    return Stream.of(
        passes("no security context", "{containers: [{name: a}]}"),
        passes(
            "privileged false", "{containers: [{name: a, securityContext: {privileged: false}}]}"),
        fails(
            "one container",
            "{containers: [{name: a, securityContext: {privileged: true}}, {name: b}]}",
            "privileged (container \"a\" must not set securityContext.privileged=true)"),
        fails(
            "init, regular and ephemeral containers, in that order",
            "{ephemeralContainers: [{name: debug, securityContext: {privileged: true}}],"
                + " containers: [{name: app, securityContext: {privileged: true}}],"
                + " initContainers: [{name: init, securityContext: {privileged: true}}]}",
            "privileged (containers \"init\", \"app\", \"debug\" must not set"
                + " securityContext.privileged=true)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void privileged(CheckCase c) {
    assertThat(Pods.verdict(new PrivilegedCheck(), c.spec()))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }

  static Stream<CheckCase> windowsHostProcess() {
    return Stream.of(
        passes("unset", "{containers: [{name: a}]}"),
        passes(
            "false everywhere",
            "{securityContext: {windowsOptions: {hostProcess: false}},"
                + " containers: [{name: a, securityContext: {windowsOptions: {hostProcess: false}}}]}"),
        fails(
            "pod level",
            "{securityContext: {windowsOptions: {hostProcess: true}}, containers: [{name: a}]}",
            "hostProcess (pod must not set securityContext.windowsOptions.hostProcess=true)"),
        fails(
            "pod and containers",
            "{securityContext: {windowsOptions: {hostProcess: true}},"
                + " containers: [{name: a, securityContext: {windowsOptions: {hostProcess: true}}},"
                + " {name: b, securityContext: {windowsOptions: {hostProcess: true}}}]}",
            "hostProcess (pod and containers \"a\", \"b\" must not set"
                + " securityContext.windowsOptions.hostProcess=true)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void windowsHostProcess(CheckCase c) {
    assertThat(Pods.verdict(new WindowsHostProcessCheck(), c.spec()))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }

  static Stream<CheckCase> hostPorts() {
    return Stream.of(
        passes("container port only", "{containers: [{name: a, ports: [{containerPort: 80}]}]}"),
        passes(
            "hostPort 0", "{containers: [{name: a, ports: [{containerPort: 80, hostPort: 0}]}]}"),
        fails(
            "one port",
            "{containers: [{name: a, ports: [{containerPort: 80, hostPort: 8080}]}]}",
            "hostPort (container \"a\" uses hostPort 8080)"),
        fails(
            "ports sorted as text, as upstream does, init containers included",
            "{initContainers: [{name: i, ports: [{containerPort: 9, hostPort: 9}]}],"
                + " containers: [{name: a, ports: [{containerPort: 80, hostPort: 10},"
                + " {containerPort: 81, hostPort: 8080}]}]}",
            "hostPort (containers \"i\", \"a\" use hostPorts 10, 8080, 9)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void hostPorts(CheckCase c) {
    assertThat(Pods.verdict(new HostPortsCheck(), c.spec()))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }

  static Stream<CheckCase> hostProbesAndLifecycle() {
    return Stream.of(
        passes(
            "probes without host",
            "{containers: [{name: a, livenessProbe: {httpGet: {port: 80}},"
                + " readinessProbe: {tcpSocket: {port: 80}}, startupProbe: {exec: {command: [x]}},"
                + " lifecycle: {preStop: {sleep: {seconds: 5}}}}]}"),
        passes(
            "empty host",
            "{containers: [{name: a, livenessProbe: {httpGet: {host: '', port: 80}}}]}"),
        fails(
            "readiness tcpSocket",
            "{containers: [{name: a, readinessProbe: {tcpSocket: {host: 10.0.0.1, port: 80}}}]}",
            "probe or lifecycle host (container \"a\" uses probe or lifecycle host \"10.0.0.1\")"),
        fails(
            "lifecycle handlers, hosts sorted and unique, containers sorted",
            "{initContainers: [{name: z, lifecycle: {postStart: {httpGet: {host: b.example, port:"
                + " 80}}}}], containers: [{name: a, startupProbe: {httpGet: {host: a.example, port:"
                + " 80}}, lifecycle: {preStop: {tcpSocket: {host: b.example, port: 81}}}}]}",
            "probe or lifecycle host (containers \"a\", \"z\" use probe or lifecycle hosts"
                + " \"a.example\", \"b.example\")"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void hostProbesAndLifecycle(CheckCase c) {
    assertThat(Pods.verdict(new HostProbesAndLifecycleCheck(), c.spec()))
        .isEqualTo(Optional.ofNullable(c.expected()));
  }
}
