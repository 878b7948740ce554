package dev.rempart.core.controls.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The defaulting step: only what the checks depend on, and never on the original object. */
class ApiServerDefaultsTest {

  @Test
  void aPodOnTheHostNetworkGetsAHostPortPerContainerPort() {
    PodSpec spec =
        Pods.spec(
            "{hostNetwork: true, initContainers: [{name: i, ports: [{containerPort: 9000}]}],"
                + " containers: [{name: a, ports: [{containerPort: 8080}, {containerPort: 8443,"
                + " hostPort: 443}, {containerPort: 9090, hostPort: 0}]}]}");
    PodSpec defaulted = ApiServerDefaults.apply(spec, true);
    assertThat(hostPorts(defaulted.getContainers().get(0).getPorts()))
        .containsExactly(8080, 443, 9090);
    assertThat(hostPorts(defaulted.getInitContainers().get(0).getPorts())).containsExactly(9000);
  }

  @Test
  void aPodTemplateIsNotGivenHostPorts() {
    // Since v1.28 the API server defaults host ports on Pods only, not on pod templates.
    PodSpec spec =
        Pods.spec("{hostNetwork: true, containers: [{name: a, ports: [{containerPort: 8080}]}]}");
    PodSpec defaulted = ApiServerDefaults.apply(spec, false);
    assertThat(defaulted.getContainers().get(0).getPorts().get(0).getHostPort()).isNull();
  }

  @Test
  void aPodOffTheHostNetworkKeepsItsPorts() {
    PodSpec spec = Pods.spec("{containers: [{name: a, ports: [{containerPort: 8080}]}]}");
    assertThat(
            ApiServerDefaults.apply(spec, true)
                .getContainers()
                .get(0)
                .getPorts()
                .get(0)
                .getHostPort())
        .isNull();
  }

  @Test
  void aVolumeWithoutSourceBecomesAnEmptyDir() {
    PodSpec spec = Pods.spec("{volumes: [{name: x}, {name: n, nfs: {server: s, path: /}}]}");
    PodSpec defaulted = ApiServerDefaults.apply(spec, false);
    assertThat(defaulted.getVolumes().get(0).getEmptyDir()).isNotNull();
    assertThat(defaulted.getVolumes().get(1).getEmptyDir()).isNull();
    assertThat(defaulted.getVolumes().get(1).getNfs()).isNotNull();
  }

  @Test
  void theOriginalIsNeverChanged() {
    PodSpec spec =
        Pods.spec(
            "{hostNetwork: true, containers: [{name: a, ports: [{containerPort: 8080}]}],"
                + " volumes: [{name: x}]}");
    PodSpec before = Pods.spec(ManifestText.of(spec));
    ApiServerDefaults.apply(spec, true);
    assertThat(spec).isEqualTo(before);
    assertThat(spec.getVolumes().get(0).getEmptyDir()).isNull();
    assertThat(spec.getContainers().get(0).getPorts().get(0).getHostPort()).isNull();
  }

  @Test
  void defaultingTwiceChangesNothingMore() {
    PodSpec spec =
        Pods.spec(
            "{hostNetwork: true, containers: [{name: a, ports: [{containerPort: 8080}]}],"
                + " volumes: [{name: x}]}");
    PodSpec once = ApiServerDefaults.apply(spec, true);
    assertThat(ApiServerDefaults.apply(once, true)).isEqualTo(once);
  }

  @Test
  void aSpecWithNothingToDefaultIsReadAsItIsWithoutACopy() {
    PodSpec spec =
        Pods.spec(
            "{hostNetwork: true, containers: [{name: a, ports: [{containerPort: 80, hostPort: 80}]}],"
                + " volumes: [{name: n, nfs: {server: s, path: /}}]}");
    assertThat(ApiServerDefaults.apply(spec, true)).isSameAs(spec);
    PodSpec plain = Pods.spec("{containers: [{name: a}]}");
    assertThat(ApiServerDefaults.apply(plain, false)).isSameAs(plain);
    PodSpec template =
        Pods.spec("{hostNetwork: true, containers: [{name: a, ports: [{containerPort: 80}]}]}");
    assertThat(ApiServerDefaults.apply(template, false))
        .as("templates get no host ports")
        .isSameAs(template);
  }

  @Test
  void aSpecWithNullEntriesIsStillCopiedAsItAlwaysWas() {
    PodSpec spec = Pods.spec("{containers: [{name: a}]}");
    spec.getContainers().add(null);
    PodSpec defaulted = ApiServerDefaults.apply(spec, false);
    assertThat(defaulted).isNotSameAs(spec);
    assertThat(defaulted.getContainers()).doesNotContainNull();
  }

  private static List<Integer> hostPorts(List<ContainerPort> ports) {
    return ports.stream().map(ContainerPort::getHostPort).toList();
  }
}
