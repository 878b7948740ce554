package dev.rempart.it;

import static dev.rempart.it.Fixtures.namespace;
import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rempart.api.v1alpha1.AdmissionMode;
import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.ManagedObjects;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The baseline compiled to ValidatingAdmissionPolicies (one per group of kinds), on the real API
 * server (its admission plugin on, as in any cluster since 1.30), with the operator under the
 * chart's RBAC: the policy type-checks; in Deny it refuses each compiled check's offender and any
 * edit of a managed object by a cluster admin, but not Rempart's; an exception lets exactly its
 * object through until it expires; Warn admits with a warning; Audit (the kill switch) admits.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdmissionIT {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final Pattern REMPART_USER =
      Pattern.compile("request\\.userInfo\\.username != '([^']+)'");
  private static KubernetesClient admin;
  private static RunningOperator operator;
  private static String label;
  private static String baseline;
  private static String prod;
  private static String dev;
  private static String plainClass;

  @BeforeAll
  static void start() {
    admin = ControlPlane.adminClient();
    operator = RunningOperator.startUnderChartRbac();
    label = unique("gov");
    baseline = unique("adm");
    prod = unique("prod");
    dev = unique("dev");
    plainClass = unique("plain");
    namespace(admin, prod, Map.of(label, "true", "rempart.dev/environment", "production"));
    namespace(admin, dev, Map.of("rempart.dev/environment", "development"));
    apply(
        """
        apiVersion: storage.k8s.io/v1
        kind: StorageClass
        metadata: {name: %s}
        provisioner: example.com/no-encryption
        """
            .formatted(plainClass));
    admin.resource(baseline("Deny")).create();
    // One policy per group of kinds: each is in force once the API server refuses its probe.
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                refused(allowAll("probe-" + unique("p")), true) != null
                    && refused(ingressWithoutTls(unique("probe")), true) != null
                    && refused(loadBalancerOn80(unique("probe")), true) != null
                    && refused(claim(unique("probe"), plainClass), true) != null
                    && refused(clusterAdminFor(unique("probe")), true) != null);
  }

  @AfterAll
  static void stop() {
    admin.resources(SecurityBaseline.class).withName(baseline).delete();
    // Removed with the baseline: nothing of this test is left to refuse another test's writes.
    Awaitility.await().atMost(WAIT).until(() -> policies().isEmpty() && bindings().isEmpty());
    operator.close();
    admin.close();
  }

  /**
   * The API server compiled the policy (a CEL syntax error refuses the create). Its
   * status.typeChecking is written by kube-controller-manager, which this control plane does not
   * run; the checks below exercise every compiled expression on both an offending and a passing
   * object instead, where an evaluation error would show as a refusal that names no check.
   */
  @Test
  @Order(1)
  void thePoliciesAreInstalledAndNeverMatchKubeSystemOrRempartsNamespace() {
    assertThat(policies())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder(
            Stream.of(
                    "networkpolicies",
                    "ingresses",
                    "services",
                    "persistentvolumeclaims",
                    "bindings")
                .map(g -> "rempart-" + baseline + "-" + g)
                .toArray(String[]::new));
    assertThat(rempartUser()).startsWith("system:serviceaccount:");
    assertThat(bindings())
        .hasSameSizeAs(policies())
        .allSatisfy(
            b ->
                assertThat(
                        b.getSpec()
                            .getMatchResources()
                            .getNamespaceSelector()
                            .getMatchExpressions())
                    .anySatisfy(
                        r -> {
                          assertThat(r.getKey()).isEqualTo("kubernetes.io/metadata.name");
                          assertThat(r.getOperator()).isEqualTo("NotIn");
                          assertThat(r.getValues()).contains("kube-system", rempartNamespace());
                        }));
  }

  @Test
  @Order(2)
  void denyRefusesEachCompiledCheckNamingIt() {
    assertThat(refused(allowAll("open"), false)).contains("[network/allowAllPolicy]");
    assertThat(refused(ingressWithoutTls("web"), false)).contains("[encryption/ingressTls]");
    assertThat(refused(claim("data", plainClass), false)).contains("[encryption/volumeAtRest]");
    assertThat(refused(crossEnvironmentBinding("ci"), false))
        .contains("[environments/crossEnvironmentBinding]");
    assertThat(refused(redirectOff("legacy-web"), false)).contains("[encryption/sslRedirect]");
    assertThat(refused(loadBalancerOn80("shop"), false))
        .contains("[encryption/plaintextLoadBalancer]");
    assertThat(refused(clusterAdminFor(unique("alice")), false))
        .contains("[accessControl/clusterAdmin]");
    // What passes is admitted: a claim on a class not known to break the baseline.
    admin.resource(claim("fine", "some-other-class")).create();
  }

  @Test
  @Order(3)
  void aClusterAdminCannotEditOrDeleteAManagedPolicyButRempartCan() {
    Awaitility.await().atMost(WAIT).until(() -> managedPolicy() != null);
    NetworkPolicy managed = managedPolicy();
    String name = managed.getMetadata().getName();
    assertThatThrownBy(
            () -> admin.network().v1().networkPolicies().inNamespace(prod).withName(name).delete())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("[admission/managedObject]")
        .hasMessageContaining("managed by Rempart for the baseline " + baseline)
        .hasMessageContaining("BaselineException");
    Config asRempart = ControlPlane.config();
    asRempart.setImpersonateUsername(rempartUser());
    try (KubernetesClient rempart = new KubernetesClientBuilder().withConfig(asRempart).build()) {
      NetworkPolicy edited =
          rempart
              .network()
              .v1()
              .networkPolicies()
              .inNamespace(prod)
              .withName(name)
              .edit(
                  p -> {
                    p.getMetadata().getAnnotations().put("rempart.dev/checked", "yes");
                    return p;
                  });
      assertThat(edited.getMetadata().getAnnotations()).containsEntry("rempart.dev/checked", "yes");
    }
  }

  @Test
  @Order(4)
  void anExceptionLetsExactlyItsObjectThroughUntilItExpires() {
    String name = unique("legacy-open");
    Instant expiresAt = Instant.now().plusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
    admin.resource(exception(name, expiresAt)).create();
    Awaitility.await().atMost(WAIT).until(() -> refused(allowAll(name), true) == null);
    admin.resource(allowAll(name)).create();
    assertThat(refused(allowAll(unique("other-open")), false)).contains("[network/allowAllPolicy]");
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> Instant.now().isAfter(expiresAt) && relabelRefused(name));
    System.out.printf(
        "exemption ended %d ms after expiresAt%n",
        Duration.between(expiresAt, Instant.now()).toMillis());
  }

  @Test
  @Order(5)
  void warnAdmitsWithAWarning() throws Exception {
    switchTo("Warn", List.of("Warn", "Audit"));
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () -> {
              Kubectl run = kubectlApply(allowAll(unique("warned")));
              return run.exit() == 0
                  && run.output().contains("Warning:")
                  && run.output().contains("[network/allowAllPolicy]");
            });
  }

  @Test
  @Order(6)
  void auditIsTheKillSwitch() {
    Instant switched = Instant.now();
    switchTo("Audit", List.of("Audit"));
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> refused(allowAll(unique("audited")), true) == null);
    System.out.printf(
        "kill switch took effect %d ms after the baseline was changed%n",
        Duration.between(switched, Instant.now()).toMillis());
    // The other policies' bindings were switched with it.
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> refused(ingressWithoutTls(unique("web")), true) == null);
    admin.resource(ingressWithoutTls(unique("web"))).create();
  }

  // --- fixtures

  private static SecurityBaseline baseline(String mode) {
    return Fixtures.baseline(
        """
        apiVersion: rempart.dev/v1alpha1
        kind: SecurityBaseline
        metadata: {name: %s}
        spec:
          mode: Enforce
          namespaceSelector: {matchLabels: {%s: "true"}}
          network: {}
          encryption: {inTransit: {requireIngressTLS: true}}
          environments: {allowed: [production, development], isolated: [production]}
          accessControl: {forbidClusterAdmin: true}
          admission: {mode: %s}
        """
            .formatted(baseline, label, mode));
  }

  private static void switchTo(String mode, List<String> actions) {
    // A merge patch: the operator writes the status meanwhile, so an edit could conflict.
    admin
        .resources(SecurityBaseline.class)
        .withName(baseline)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"admission\":{\"mode\":\"" + AdmissionMode.valueOf(mode) + "\"}}}");
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                !bindings().isEmpty()
                    && bindings().stream()
                        .allMatch(b -> actions.equals(b.getSpec().getValidationActions())));
  }

  /** The baseline's policies, one per group of kinds. */
  private static List<ValidatingAdmissionPolicy> policies() {
    return admin
        .resources(ValidatingAdmissionPolicy.class)
        .withLabel(ManagedObjects.BASELINE_LABEL, baseline)
        .list()
        .getItems();
  }

  private static List<ValidatingAdmissionPolicyBinding> bindings() {
    return admin
        .resources(ValidatingAdmissionPolicyBinding.class)
        .withLabel(ManagedObjects.BASELINE_LABEL, baseline)
        .list()
        .getItems();
  }

  /** The user name the operator learned and every policy exempts (read from the first). */
  private static String rempartUser() {
    return policies().get(0).getSpec().getMatchConditions().stream()
        .map(c -> REMPART_USER.matcher(c.getExpression()))
        .filter(Matcher::find)
        .map(m -> m.group(1))
        .findFirst()
        .orElseThrow();
  }

  private static String rempartNamespace() {
    return rempartUser().split(":")[2];
  }

  private static NetworkPolicy managedPolicy() {
    return admin.network().v1().networkPolicies().inNamespace(prod).list().getItems().stream()
        .filter(p -> p.getMetadata().getLabels() != null)
        .filter(
            p -> "rempart".equals(p.getMetadata().getLabels().get("app.kubernetes.io/managed-by")))
        .findFirst()
        .orElse(null);
  }

  /** The refusal's message, or null when the object is admitted (created, or dry-run only). */
  private static String refused(HasMetadata object, boolean dryRun) {
    try {
      if (dryRun) {
        admin.resource(object).dryRun().create();
      } else {
        admin.resource(object).create();
      }
      return null;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403 && e.getCode() != 422) {
        throw e;
      }
      return e.getMessage();
    }
  }

  private static boolean relabelRefused(String name) {
    try {
      admin
          .network()
          .v1()
          .networkPolicies()
          .inNamespace(prod)
          .withName(name)
          .edit(
              p -> {
                p.getMetadata().setLabels(Map.of("touched", Long.toString(System.nanoTime())));
                return p;
              });
      return false;
    } catch (KubernetesClientException e) {
      return e.getMessage().contains("[network/allowAllPolicy]");
    }
  }

  private record Kubectl(int exit, String output) {}

  private static Kubectl kubectlApply(HasMetadata object) throws IOException, InterruptedException {
    Path kubectl =
        Path.of(
            System.getProperty("user.home"),
            ".kubeapitest/k8s",
            ControlPlane.VERSION + "-linux-amd64",
            "kubectl");
    Process p =
        new ProcessBuilder(
                kubectl.toString(),
                "--kubeconfig",
                ControlPlane.kubeconfigFile().toString(),
                "apply",
                "-f",
                "-")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream()
        .write(admin.getKubernetesSerialization().asYaml(object).getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return new Kubectl(p.exitValue(), out);
  }

  private static HasMetadata apply(String yaml) {
    return admin.resource(ManifestReader.parse(yaml).get(0)).serverSideApply();
  }

  private static HasMetadata parse(String yaml) {
    return ManifestReader.parse(yaml).get(0);
  }

  private static HasMetadata allowAll(String name) {
    return parse(
        """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: %s, namespace: %s}
        spec:
          podSelector: {}
          ingress: [{}]
        """
            .formatted(name, prod));
  }

  private static HasMetadata ingressWithoutTls(String name) {
    return parse(
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: %s, namespace: %s}
        spec:
          rules:
            - host: shop.example.com
              http:
                paths:
                  - path: /
                    pathType: Prefix
                    backend: {service: {name: shop, port: {number: 80}}}
        """
            .formatted(name, prod));
  }

  private static HasMetadata redirectOff(String name) {
    return parse(
        """
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: %s
          namespace: %s
          annotations: {nginx.ingress.kubernetes.io/ssl-redirect: "false"}
        spec:
          tls: [{hosts: [shop.example.com], secretName: shop-tls}]
          rules:
            - host: shop.example.com
              http:
                paths:
                  - path: /
                    pathType: Prefix
                    backend: {service: {name: shop, port: {number: 443}}}
        """
            .formatted(name, prod));
  }

  private static HasMetadata loadBalancerOn80(String name) {
    return parse(
        """
        apiVersion: v1
        kind: Service
        metadata: {name: %s, namespace: %s}
        spec:
          type: LoadBalancer
          selector: {app: shop}
          ports: [{name: http, port: 80, targetPort: 8080}]
        """
            .formatted(name, prod));
  }

  private static HasMetadata clusterAdminFor(String user) {
    return parse(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: %s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects:
          - {apiGroup: rbac.authorization.k8s.io, kind: User, name: %s}
        """
            .formatted(user, user));
  }

  private static HasMetadata claim(String name, String storageClass) {
    return parse(
        """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata: {name: %s, namespace: %s}
        spec:
          storageClassName: %s
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Gi}}
        """
            .formatted(name, prod, storageClass));
  }

  private static HasMetadata crossEnvironmentBinding(String name) {
    return parse(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: %s, namespace: %s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
        subjects:
          - {kind: ServiceAccount, name: ci, namespace: %s}
        """
            .formatted(name, prod, dev));
  }

  private static BaselineException exception(String object, Instant expiresAt) {
    return (BaselineException)
        parse(
            """
            apiVersion: rempart.dev/v1alpha1
            kind: BaselineException
            metadata: {name: %s}
            spec:
              baseline: %s
              controls: [{control: network, checks: [allowAllPolicy]}]
              namespaces: [%s]
              resources: [{kind: NetworkPolicy, name: %s}]
              reason: The legacy stack's flows are not mapped yet.
              ticket: RISK-43
              approvedBy: ciso@example.com
              expiresAt: "%s"
            """
                .formatted(unique("exc"), baseline, prod, object, expiresAt));
  }
}
