package dev.rempart.it;

import static dev.rempart.it.Fixtures.namespace;
import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clause 4.5 on a real API server: in Enforce, governed namespaces carry the Pod Security Admission
 * labels, so the API server itself refuses new violating pods; violations already running are
 * findings. In Audit, the namespace is left as it is.
 */
class PodSecurityIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static KubernetesClient admin;
  private static RunningOperator operator;

  @BeforeAll
  static void start() {
    admin = ControlPlane.adminClient();
    operator = RunningOperator.startUnderChartRbac();
  }

  @AfterAll
  static void stop() {
    operator.close();
    admin.close();
  }

  private static void baseline(String name, String mode, String label) {
    admin
        .resource(
            Fixtures.baseline(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: SecurityBaseline
                metadata: {name: %s}
                spec:
                  mode: %s
                  namespaceSelector: {matchLabels: {%s: "true"}}
                  podSecurity: {level: restricted}
                """
                    .formatted(name, mode, label)))
        .create();
  }

  private static SecurityBaseline read(String name) {
    return admin.resources(SecurityBaseline.class).withName(name).get();
  }

  private static Deployment privilegedDeployment(String ns) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("legacy")
        .withNamespace(ns)
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels("app", "legacy")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "legacy")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("registry.example/legacy:1.0")
        .withNewSecurityContext()
        .withPrivileged(true)
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Pod privilegedPod(String ns) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("root-shell")
        .withNamespace(ns)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("shell")
        .withImage("registry.example/shell:1.0")
        .withNewSecurityContext()
        .withPrivileged(true)
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }

  @Test
  void enforceLabelsTheNamespaceAndTheApiServerRefusesViolatingPods() {
    String label = unique("pss");
    String ns = unique("hardened");
    namespace(admin, ns, Map.of(label, "true"));
    admin.resource(privilegedDeployment(ns)).create();
    String name = unique("pss-enforce");
    baseline(name, "Enforce", label);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(admin.namespaces().withName(ns).get().getMetadata().getLabels())
                    .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                    .containsEntry("pod-security.kubernetes.io/enforce-version", "v1.35"));
    assertThatThrownBy(() -> admin.resource(privilegedPod(ns)).create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("violates PodSecurity \"restricted:v1.35\"")
        .hasMessageContaining("privileged");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(examples(name))
                    .anySatisfy(
                        e ->
                            assertThat(e)
                                .contains("podSecurity/privileged")
                                .contains(ns + "/legacy")));
    admin.resources(SecurityBaseline.class).withName(name).delete();
  }

  @Test
  void auditReportsButLeavesTheNamespaceAlone() {
    String label = unique("pss");
    String ns = unique("audited");
    namespace(admin, ns, Map.of(label, "true"));
    String name = unique("pss-audit");
    baseline(name, "Audit", label);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(examples(name))
                    .anySatisfy(e -> assertThat(e).contains("podSecurity/namespaceLabels")));
    assertThat(admin.namespaces().withName(ns).get().getMetadata().getLabels())
        .doesNotContainKey("pod-security.kubernetes.io/enforce");
    admin.resource(privilegedPod(ns)).create();
    admin.resources(SecurityBaseline.class).withName(name).delete();
  }

  /** The status's examples; an assertion error (retried by await) while no status is written. */
  private static java.util.List<String> examples(String name) {
    var status = read(name).getStatus();
    assertThat(status).as("status of " + name).isNotNull();
    return status.getSummary().getExamples();
  }
}
