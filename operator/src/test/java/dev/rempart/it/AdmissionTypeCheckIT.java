package dev.rempart.it;

import static dev.rempart.it.Fixtures.namespace;
import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated ValidatingAdmissionPolicies pass the API server's type checking: each one's
 * status.typeChecking, written by kube-controller-manager's ValidatingAdmissionPolicy status
 * controller (started here, alone, beside the test control plane), lists no warning for a baseline
 * that compiles every check, as large as the CRD lets it be where it matters (many non-encrypting
 * classes, exceptions). A policy with a deliberate type error, checked the same way, gets one: the
 * checker runs, so its silence on Rempart's policy means something.
 */
class AdmissionTypeCheckIT {
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final Path CONTROLLER_MANAGER =
      Path.of(
          System.getProperty("user.home"),
          ".cache/rempart/bin/kube-controller-manager-v" + ControlPlane.VERSION);
  private static KubernetesClient admin;
  private static RunningOperator operator;
  private static Process controllerManager;
  private static Path log;

  @BeforeAll
  static void start() throws IOException {
    assertThat(CONTROLLER_MANAGER)
        .as("built by hack/controller-manager-binary.sh (make tools)")
        .isExecutable();
    admin = ControlPlane.adminClient();
    log = Files.createTempFile("kube-controller-manager-", ".log");
    controllerManager =
        new ProcessBuilder(
                CONTROLLER_MANAGER.toString(),
                "--kubeconfig=" + ControlPlane.kubeconfigFile(),
                "--controllers=validatingadmissionpolicy-status-controller",
                "--leader-elect=false",
                "--secure-port=0")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    operator = RunningOperator.startUnderChartRbac();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    operator.close();
    controllerManager.destroy();
    controllerManager.waitFor(10, TimeUnit.SECONDS);
    admin.close();
  }

  @Test
  void rempartsPolicyTypeChecksWithoutWarningAndABrokenOneDoesNot() throws IOException {
    String label = unique("gov");
    String name = unique("typed");
    namespace(
        admin, unique("prod"), Map.of(label, "true", "rempart.dev/environment", "production"));
    // Classes not on the encrypting list: the policy names each one (by name only: a class's
    // parameters are not visible at admission).
    List<String> plain = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      plain.add(name + "-plain-" + i);
      admin
          .resource(
              new io.fabric8.kubernetes.api.model.storage.StorageClassBuilder()
                  .withNewMetadata()
                  .withName(plain.get(i))
                  .endMetadata()
                  .withProvisioner("example.com/none")
                  .build())
          .create();
    }
    admin
        .resource(
            Fixtures.baseline(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: SecurityBaseline
                metadata: {name: %s}
                spec:
                  mode: Enforce
                  namespaceSelector: {matchLabels: {%s: "true"}}
                  network: {}
                  encryption:
                    inTransit: {requireIngressTLS: true}
                    atRest: {encryptedStorageClasses: [gold]}
                  environments:
                    allowed: [production, development]
                    isolated: [production]
                    nodeSelectors:
                      production: {node-pool: production, tier: restricted}
                      development: {node-pool: development}
                  accessControl: {forbidClusterAdmin: true}
                  admission: {mode: Warn, breakGlassGroup: "platform:break-glass"}
                """
                    .formatted(name, label)))
        .create();
    // Two live exceptions, by namespace name and by namespace labels (namespaceObject): each is a
    // variable of every policy, type-checked with it.
    List<HasMetadata> exceptions =
        List.of(
            exception(
                name,
                "namespaces: [" + unique("legacy") + "]",
                "{kind: NetworkPolicy, name: legacy-*}"),
            exception(
                name,
                "namespaceSelector: {matchLabels: {team: legacy}}",
                "{kind: RoleBinding, name: ci-*}"));
    exceptions.forEach(e -> admin.resource(e).create());
    ValidatingAdmissionPolicy broken =
        admin
            .resource(
                new ValidatingAdmissionPolicyBuilder()
                    .withNewMetadata()
                    .withName(unique("broken"))
                    .endMetadata()
                    .withNewSpec()
                    .withNewMatchConstraints()
                    .addNewResourceRule()
                    .withApiGroups("networking.k8s.io")
                    .withApiVersions("v1")
                    .withOperations("CREATE")
                    .withResources("networkpolicies")
                    .endResourceRule()
                    .endMatchConstraints()
                    .addNewValidation()
                    .withExpression("object.spec.podSelector.noSuchField == 'x'")
                    .endValidation()
                    .endSpec()
                    .build())
            .create();
    try {
      ValidatingAdmissionPolicy checkedBroken = typeChecked(broken.getMetadata().getName(), 0);
      assertThat(checkedBroken.getStatus().getTypeChecking().getExpressionWarnings())
          .as("the checker's verdict on a policy with a type error")
          .isNotEmpty();

      // One policy per group of kinds, each type-checked against the kinds it matches only.
      List<String> groups =
          List.of(
              "networkpolicies",
              "ingresses",
              "services",
              "persistentvolumeclaims",
              "bindings",
              "pods",
              "workloads",
              "cronjobs");
      int validations = 0;
      for (String group : groups) {
        ValidatingAdmissionPolicy ours =
            typeChecked("rempart-" + name + "-" + group, exceptions.size());
        assertThat(ours.getStatus().getTypeChecking().getExpressionWarnings())
            .as("type warnings on Rempart's policy " + ours.getMetadata().getName())
            .isNullOrEmpty();
        validations += ours.getSpec().getValidations().size();
        System.out.printf(
            "type-checked policy %s: %d validations, %d variables, no warning%n",
            ours.getMetadata().getName(),
            ours.getSpec().getValidations().size(),
            ours.getSpec().getVariables() == null ? 0 : ours.getSpec().getVariables().size());
      }
      // The protection, the seven checks on single kinds, and nodePinning on the three pod-spec
      // schemas.
      assertThat(validations).isEqualTo(11);
      assertThat(
              admin
                  .resources(ValidatingAdmissionPolicy.class)
                  .withLabel("rempart.dev/baseline", name)
                  .list()
                  .getItems())
          .as("the baseline's policies")
          .hasSize(groups.size());
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError(
          e.getMessage() + "\nkube-controller-manager's log:\n" + tail(Files.readString(log)), e);
    } finally {
      admin.resource(broken).delete();
      exceptions.forEach(e -> admin.resource(e).delete());
      admin.resources(SecurityBaseline.class).withName(name).delete();
      plain.forEach(c -> admin.storage().v1().storageClasses().withName(c).delete());
    }
  }

  private static HasMetadata exception(String baseline, String namespaces, String resource) {
    return dev.rempart.io.ManifestReader.parse(
            """
            apiVersion: rempart.dev/v1alpha1
            kind: BaselineException
            metadata: {name: %s}
            spec:
              baseline: %s
              controls: [{control: network}, {control: encryption}, {control: environments}, {control: accessControl}]
              %s
              resources: [%s]
              reason: type checking of the exemption variables
              ticket: T-1
              approvedBy: ciso@example.com
              expiresAt: "%s"
            """
                .formatted(
                    unique("exc"),
                    baseline,
                    namespaces,
                    resource,
                    java.time.Instant.now()
                        .plus(Duration.ofDays(1))
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)))
        .get(0);
  }

  /**
   * The policy once it has its exemption variables and the status controller has type-checked its
   * current generation.
   */
  private static ValidatingAdmissionPolicy typeChecked(String policy, int variables) {
    return Awaitility.await()
        .atMost(WAIT)
        .until(
            () -> admin.resources(ValidatingAdmissionPolicy.class).withName(policy).get(),
            p ->
                p != null
                    && (p.getSpec().getVariables() == null ? 0 : p.getSpec().getVariables().size())
                        == variables
                    && p.getStatus() != null
                    && p.getStatus().getTypeChecking() != null
                    && p.getMetadata()
                        .getGeneration()
                        .equals(p.getStatus().getObservedGeneration()));
  }

  private static String tail(String text) {
    List<String> lines = text.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
