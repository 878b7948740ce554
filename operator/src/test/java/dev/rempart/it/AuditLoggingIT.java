package dev.rempart.it;

import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rempart.api.v1alpha1.ControlStatus;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clause 4.6 on a real API server, the operator under the chart's RBAC: the API server's audit log
 * retention read from the flags of a kube-apiserver static pod in kube-system. A retention of 30
 * days is a finding; once the pod says 365 days, the finding is resolved. (The test control plane
 * runs its API server outside the cluster, as a managed one does: the pod here stands for a kubeadm
 * control plane's static pod, and is removed afterwards.)
 */
class AuditLoggingIT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String POD = "kube-apiserver-" + unique("node");
  private static KubernetesClient admin;
  private static RunningOperator operator;

  @BeforeAll
  static void start() {
    admin = ControlPlane.adminClient();
    operator = RunningOperator.startUnderChartRbac();
  }

  @AfterAll
  static void stop() {
    admin.pods().inNamespace("kube-system").withName(POD).delete();
    operator.close();
    admin.close();
  }

  @Test
  void aShortAuditLogRetentionIsAFindingUntilTheApiServerKeepsAYear() {
    admin.resource(apiServerPod("30")).create();
    String name = unique("audit-logging");
    admin
        .resource(
            Fixtures.baseline(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: SecurityBaseline
                metadata: {name: %s}
                spec:
                  mode: Audit
                  namespaceSelector: {matchLabels: {%s: "true"}}
                  auditLogging: {}
                """
                    .formatted(name, unique("none"))))
        .create();
    try {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                ControlStatus control = control(name);
                assertThat(control).isNotNull();
                assertThat(control.getFindings().getHigh()).isEqualTo(1);
                assertThat(control.getExamples())
                    .anySatisfy(
                        e -> assertThat(e).contains("apiServerAuditRetention").contains(POD));
              });

      admin.pods().inNamespace("kube-system").withName(POD).delete();
      await()
          .atMost(WAIT)
          .until(() -> admin.pods().inNamespace("kube-system").withName(POD).get() == null);
      admin.resource(apiServerPod("365")).create();

      await()
          .atMost(WAIT)
          .untilAsserted(() -> assertThat(control(name).getFindings().getTotal()).isZero());
    } finally {
      admin.resources(SecurityBaseline.class).withName(name).delete();
    }
  }

  private static ControlStatus control(String baseline) {
    SecurityBaseline read = admin.resources(SecurityBaseline.class).withName(baseline).get();
    if (read == null || read.getStatus() == null || read.getStatus().getControls() == null) {
      return null;
    }
    return read.getStatus().getControls().stream()
        .filter(c -> "auditLogging".equals(c.getName()))
        .findFirst()
        .orElse(null);
  }

  /** A kubeadm-style static pod of the API server, with an audit log kept {@code days} days. */
  private static Pod apiServerPod(String days) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(POD)
        .withNamespace("kube-system")
        .withLabels(Map.of("component", "kube-apiserver", "tier", "control-plane"))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("kube-apiserver")
        .withImage("registry.k8s.io/kube-apiserver:v1.34.4")
        .withCommand(
            List.of(
                "kube-apiserver",
                "--audit-policy-file=/etc/kubernetes/audit-policy.yaml",
                "--audit-log-path=/var/log/kubernetes/audit.log",
                "--audit-log-maxage=" + days))
        .endContainer()
        .endSpec()
        .build();
  }
}
