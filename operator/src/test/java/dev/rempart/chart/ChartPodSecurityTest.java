package dev.rempart.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator pod meets the "restricted" Pod Security Standard and the hardening the project
 * promises (docs/install.md): a security tool must not be the weakest pod of the cluster.
 */
class ChartPodSecurityTest {
  private final Helm helm = Helm.binary();
  private final RenderedChart chart =
      RenderedChart.parse(helm.template("rempart", "rempart-system"));
  private final PodSpec pod = chart.only(Deployment.class).getSpec().getTemplate().getSpec();
  private final Container operator = pod.getContainers().get(0);

  @Test
  void runsAsNonRootUser65532WithTheRuntimeDefaultSeccompProfile() {
    var podContext = pod.getSecurityContext();
    assertThat(podContext.getRunAsNonRoot()).isTrue();
    assertThat(podContext.getRunAsUser()).isEqualTo(65532L);
    assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

    SecurityContext container = operator.getSecurityContext();
    assertThat(container.getRunAsNonRoot()).isTrue();
    assertThat(container.getRunAsUser()).isEqualTo(65532L);
    assertThat(container.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
  }

  @Test
  void cannotGainPrivilegesOrWriteItsImage() {
    SecurityContext container = operator.getSecurityContext();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getPrivileged()).isFalse();
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
  }

  @Test
  void onlyTmpIsWritableAndItIsABoundedEmptyDir() {
    assertThat(operator.getVolumeMounts())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/tmp");
              assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE);
            });
    Volume tmp = pod.getVolumes().get(0);
    assertThat(pod.getVolumes()).hasSize(1);
    assertThat(tmp.getEmptyDir()).isNotNull();
    assertThat(tmp.getEmptyDir().getSizeLimit()).isNotNull();
  }

  @Test
  void hasRequestsAndLimits() {
    Map<String, Quantity> requests = operator.getResources().getRequests();
    Map<String, Quantity> limits = operator.getResources().getLimits();
    assertThat(requests).containsKeys("cpu", "memory");
    assertThat(limits).containsKeys("cpu", "memory");
  }

  @Test
  void onlyTheOperatorPodMountsTheServiceAccountToken() {
    assertThat(chart.only(ServiceAccount.class).getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getAutomountServiceAccountToken()).isTrue();
  }

  @Test
  void noHostNamespacesOrHostPaths() {
    assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostPID()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getHostIPC()).isNotEqualTo(Boolean.TRUE);
    assertThat(pod.getVolumes()).allSatisfy(v -> assertThat(v.getHostPath()).isNull());
    assertThat(operator.getPorts()).allSatisfy(p -> assertThat(p.getHostPort()).isNull());
  }

  @Test
  void livenessAndReadinessProbeTheHealthPort() {
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(
            java.util.List.of(
                operator.getLivenessProbe().getHttpGet().getPort().getStrVal(),
                operator.getReadinessProbe().getHttpGet().getPort().getStrVal()))
        .containsOnly("http-health");
    assertThat(operator.getPorts())
        .filteredOn(p -> p.getName().equals("http-health"))
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(8081));
  }
}
