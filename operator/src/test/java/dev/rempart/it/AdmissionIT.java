package dev.rempart.it;

import static dev.rempart.it.Fixtures.namespace;
import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rempart.api.v1alpha1.AdmissionMode;
import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.ManagedObjects;
import dev.rempart.core.admission.PolicyCompiler;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The baseline compiled to ValidatingAdmissionPolicies (one per group of kinds), on the real API
 * server (its admission plugin on, as in any cluster since 1.30), with the operator under the
 * chart's RBAC: the policy type-checks; in Deny it refuses each compiled check's offender and any
 * edit of a managed object by a cluster admin (kubectl included), but not Rempart's; an exception
 * lets exactly its object through until it expires; and the four offenders of the issue's
 * acceptance are each refused in Deny, warned in Warn and admitted in Audit (the kill switch) with
 * the verdict in the API server's audit log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdmissionIT {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final String OPS_ADMIN = "ops-admin";
  private static final Pattern REMPART_USER =
      Pattern.compile("request\\.userInfo\\.username != '([^']+)'");
  private static KubernetesClient admin;
  private static RunningOperator operator;
  private static String label;
  private static String baseline;
  private static String prod;
  private static String dev;
  private static String plainClass;
  private static String opsNamespace;
  private static String opsAdminBinding;

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
    // A cluster admin who is not Rempart: a ServiceAccount bound to cluster-admin, bound before the
    // baseline refuses such bindings (accessControl/clusterAdmin).
    opsNamespace = unique("ops");
    opsAdminBinding = unique("ops-admin");
    namespace(admin, opsNamespace, Map.of());
    admin
        .serviceAccounts()
        .inNamespace(opsNamespace)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName(OPS_ADMIN).endMetadata().build())
        .create();
    apply(
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: %s}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
        subjects:
          - {kind: ServiceAccount, name: %s, namespace: %s}
        """
            .formatted(opsAdminBinding, OPS_ADMIN, opsNamespace));
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
    // Other tests' baselines forbid cluster-admin bindings: leave none behind.
    admin.rbac().clusterRoleBindings().withName(opsAdminBinding).delete();
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

  /** The checks not in {@link #eachOffenderIsRefusedWarnedOrAuditedByMode}'s table. */
  @Test
  @Order(2)
  void denyRefusesTheOtherCompiledChecksNamingThem() {
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
  void aClusterAdminCannotEditOrDeleteAManagedPolicyButRempartCan() throws Exception {
    Awaitility.await().atMost(WAIT).until(() -> managedPolicy() != null);
    NetworkPolicy managed = managedPolicy();
    String name = managed.getMetadata().getName();
    Path opsAdmin = opsAdminKubeconfig();
    assertThat(kubectl(opsAdmin, null, "auth", "can-i", "*", "*").stdout().trim())
        .as("the ServiceAccount is a cluster admin")
        .isEqualTo("yes");
    Kubectl delete = kubectl(opsAdmin, null, "delete", "networkpolicy", name, "-n", prod);
    assertThat(delete.exit()).as("kubectl delete's exit code").isNotZero();
    assertThat(delete.stderr())
        .contains("[admission/managedObject]")
        .contains("managed by Rempart for the baseline " + baseline)
        .contains("BaselineException");
    assertThat(admin.network().v1().networkPolicies().inNamespace(prod).withName(name).get())
        .extracting(p -> p.getMetadata().getUid())
        .isEqualTo(managed.getMetadata().getUid());
    // The same refusal through another client, as the system:masters admin.
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

  /** The four offenders of the acceptance, each a row of the table. */
  private record Offender(
      String check, String policyGroup, String resource, Function<String, HasMetadata> named) {
    @Override
    public String toString() {
      return check;
    }
  }

  private static List<Offender> offenders() {
    return List.of(
        new Offender(
            "network/allowAllPolicy", "networkpolicies", "networkpolicies", n -> allowAll(n)),
        new Offender("encryption/ingressTls", "ingresses", "ingresses", n -> ingressWithoutTls(n)),
        new Offender(
            "encryption/volumeAtRest",
            "persistentvolumeclaims",
            "persistentvolumeclaims",
            n -> claim(n, plainClass)),
        new Offender(
            "environments/crossEnvironmentBinding",
            "bindings",
            "rolebindings",
            n -> crossEnvironmentBinding(n)));
  }

  /** What {@code kubectl create} of an offender shows. */
  private enum Verdict {
    REFUSED,
    WARNED,
    ADMITTED,
    OTHER;

    static Verdict of(Kubectl run, String check) {
      boolean named = run.stderr().contains("[" + check + "]");
      if (run.exit() != 0) {
        return named ? REFUSED : OTHER;
      }
      if (run.stderr().contains("Warning:")) {
        return named ? WARNED : OTHER;
      }
      return ADMITTED;
    }
  }

  /** Deny first: the other tests need it, and Audit, the kill switch, last. */
  static Stream<AdmissionMode> modes() {
    return Stream.of(AdmissionMode.Deny, AdmissionMode.Warn, AdmissionMode.Audit);
  }

  /**
   * One mode switch per mode, then each offender, created with the real kubectl: refused in Deny,
   * admitted with a warning in Warn, admitted without one in Audit; in Warn and Audit the API
   * server's audit log has the verdict, naming the policy and the check. Each binding is updated on
   * its own and the API server's policy informer follows it, so each row first waits (on a
   * server-side dry run) for its policy to be in the new mode, then creates its object once.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  @Order(5)
  void eachOffenderIsRefusedWarnedOrAuditedByMode(AdmissionMode mode) throws Exception {
    Instant switched = Instant.now();
    switchTo(mode);
    Verdict expected =
        switch (mode) {
          case Deny -> Verdict.REFUSED;
          case Warn -> Verdict.WARNED;
          case Audit -> Verdict.ADMITTED;
        };
    boolean inForce = true;
    for (Offender row : offenders()) {
      try {
        Awaitility.await()
            .atMost(WAIT)
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    Verdict.of(kubectlCreate(row.named().apply(unique("probe")), true), row.check())
                        == expected);
      } catch (ConditionTimeoutException e) {
        // Not in force after WAIT: the creation below fails, showing what kubectl printed.
        inForce = false;
      }
    }
    if (inForce) {
      System.out.printf(
          "mode %s in force for the four checks %d ms after the baseline was changed%n",
          mode, Duration.between(switched, Instant.now()).toMillis());
    }
    for (Offender row : offenders()) {
      HasMetadata object = row.named().apply(unique(mode.name().toLowerCase()));
      Kubectl created = kubectlCreate(object, false);
      assertThat(Verdict.of(created, row.check()))
          .as("%s in %s: %s", row.check(), mode, created)
          .isEqualTo(expected);
      assertThat(admin.resource(object).get())
          .as("%s in %s is stored", row.check(), mode)
          .matches(stored -> (stored != null) == (mode != AdmissionMode.Deny));
      if (mode != AdmissionMode.Deny) {
        assertAudited(row, object, actions(mode));
      }
    }
  }

  /** The API server's audit log has the creation's verdict: the row's policy, check and actions. */
  private static void assertAudited(Offender row, HasMetadata object, List<String> actions) {
    String policy = PolicyCompiler.name(baseline, row.policyGroup());
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        ApiServerAuditLog.failuresOnCreate(
                            row.resource(),
                            object.getMetadata().getNamespace(),
                            object.getMetadata().getName()))
                    .as("the audit log's verdicts on %s", object.getMetadata().getName())
                    .singleElement()
                    .satisfies(
                        f -> {
                          assertThat(f.policy()).isEqualTo(policy);
                          assertThat(f.binding()).isEqualTo(policy);
                          assertThat(f.message()).contains("[" + row.check() + "]");
                          assertThat(f.validationActions()).isEqualTo(actions);
                        }));
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

  /** The binding's validation actions for each mode, as docs/admission.md's table has them. */
  private static List<String> actions(AdmissionMode mode) {
    return switch (mode) {
      case Audit -> List.of("Audit");
      case Warn -> List.of("Warn", "Audit");
      case Deny -> List.of("Deny");
    };
  }

  private static void switchTo(AdmissionMode mode) {
    List<String> actions = actions(mode);
    // A merge patch: the operator writes the status meanwhile, so an edit could conflict.
    admin
        .resources(SecurityBaseline.class)
        .withName(baseline)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"spec\":{\"admission\":{\"mode\":\"" + mode + "\"}}}");
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

  private record Kubectl(int exit, String stdout, String stderr) {}

  /** {@code kubectl create} of the object as the admin, or only a server-side dry run of it. */
  private static Kubectl kubectlCreate(HasMetadata object, boolean dryRun) throws Exception {
    String yaml = admin.getKubernetesSerialization().asYaml(object);
    return dryRun
        ? kubectl(ControlPlane.kubeconfigFile(), yaml, "create", "--dry-run=server", "-f", "-")
        : kubectl(ControlPlane.kubeconfigFile(), yaml, "create", "-f", "-");
  }

  /** Runs the control plane's own kubectl (the API server's version) with that kubeconfig. */
  private static Kubectl kubectl(Path kubeconfig, String stdin, String... args) throws Exception {
    Path kubectl =
        Path.of(
            System.getProperty("user.home"),
            ".kubeapitest/k8s",
            ControlPlane.VERSION + "-linux-amd64",
            "kubectl");
    List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig"));
    command.add(kubeconfig.toString());
    command.addAll(List.of(args));
    // Both streams to files: a process writing to an unread pipe could block.
    Path out = Files.createTempFile("kubectl-", ".out");
    Path err = Files.createTempFile("kubectl-", ".err");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      try (var in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("kubectl " + String.join(" ", args) + " took over 30 s");
      }
      return new Kubectl(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /**
   * A kubeconfig for the cluster-admin ServiceAccount: the control plane's server and CA, and a
   * token the API server issued for it (TokenRequest).
   */
  private static Path opsAdminKubeconfig() throws IOException {
    TokenRequest request =
        admin
            .serviceAccounts()
            .inNamespace(opsNamespace)
            .withName(OPS_ADMIN)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(600L)
                    .endSpec()
                    .build());
    Config cluster = ControlPlane.config();
    Path file =
        Files.createTempFile(
            Files.createDirectories(Path.of("target")), "ops-admin-", ".kubeconfig");
    file.toFile().deleteOnExit();
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: it
            cluster: {server: "%s", certificate-authority: "%s"}
        users:
          - name: ops-admin
            user: {token: "%s"}
        contexts:
          - name: it
            context: {cluster: it, user: ops-admin}
        current-context: it
        """
            .formatted(
                cluster.getMasterUrl(), cluster.getCaCertFile(), request.getStatus().getToken()));
    return file;
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
