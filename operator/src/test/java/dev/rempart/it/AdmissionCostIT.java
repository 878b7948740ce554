package dev.rempart.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.ControlCatalog;
import dev.rempart.core.DesiredObject;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Evaluator;
import dev.rempart.core.Snapshot;
import dev.rempart.core.admission.PolicyCompiler;
import dev.rempart.core.admission.RempartIdentity;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CEL cost within the API server's budget: the policies of a baseline at the CRD's limits (256
 * excluded namespaces, 32 isolated environments, 64 encrypting classes, node labels for each of the
 * 32 environments: 4 each, the CRD bounds the environments but not their labels), over a large
 * cluster (2,000 namespaces across those environments, 200 classes that do not encrypt, 10 live
 * exceptions naming 256 namespaces and 64 objects each), is installed on the real API server and
 * fed large objects: the compliant ones are admitted and the offending ones refused with their
 * check's message, never with a cost or evaluation error (which failurePolicy Fail would turn into
 * a refusal of everything).
 */
class AdmissionCostIT {
  private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
  private static final int ENVIRONMENTS = 32;
  private static final int POOL_LABELS = 4;
  private static KubernetesClient admin;
  private static final List<HasMetadata> installed = new ArrayList<>();
  private static String home;
  private static String neighbour;

  @BeforeAll
  static void install() {
    ControlPlane.kubeconfig();
    admin = ControlPlane.adminClient();
    String id = Fixtures.unique("big");
    home = id + "-env0-home";
    neighbour = id + "-env0-n1";
    List<HasMetadata> cluster = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      String name =
          i == 0 ? home : i == 1 ? neighbour : id + "-env" + (i % ENVIRONMENTS) + "-n" + i;
      cluster.add(
          parse(
              "apiVersion: v1\nkind: Namespace\nmetadata: {name: %s, labels: {gov: %s, rempart.dev/environment: env%d}}"
                  .formatted(name, id, i <= 1 ? 0 : i % ENVIRONMENTS)));
    }
    for (int i = 0; i < 200; i++) {
      cluster.add(
          parse(
              "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: %s-plain-%d}\nprovisioner: example.com/none"
                  .formatted(id, i)));
    }
    for (int e = 0; e < 10; e++) {
      String namespaces =
          IntStream.range(0, 256).mapToObj(i -> id + "-x" + i).collect(Collectors.joining(", "));
      String resources =
          IntStream.range(0, 64)
              .mapToObj(i -> "{kind: NetworkPolicy, name: legacy-" + i + "-*}")
              .collect(Collectors.joining(", "));
      cluster.add(
          parse(
              """
              apiVersion: rempart.dev/v1alpha1
              kind: BaselineException
              metadata: {name: %s-exc-%d, creationTimestamp: "2026-01-10T00:00:00Z"}
              spec:
                baseline: %s
                controls: [{control: network}, {control: encryption}, {control: environments}, {control: accessControl}]
                namespaces: [%s]
                resources: [%s]
                reason: cost test
                ticket: T-1
                approvedBy: ciso@example.com
                expiresAt: "2026-02-01T00:00:00Z"
              """
                  .formatted(id, e, id, namespaces, resources)));
    }
    SecurityBaseline baseline = (SecurityBaseline) parse(baselineYaml(id));
    EvaluationResult result =
        new Evaluator(
                ControlCatalog.all(new RempartIdentity("system:serviceaccount:" + id + ":rempart")))
            .evaluate(
                baseline,
                Snapshot.builder().addAll(cluster).add(baseline).build(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    for (HasMetadata o : cluster) {
      if (o.getKind().equals("Namespace")
          && (o.getMetadata().getName().equals(home)
              || o.getMetadata().getName().equals(neighbour))) {
        admin.resource(o).create();
      }
    }
    for (DesiredObject d : result.desired()) {
      if (d.object() instanceof ValidatingAdmissionPolicy
          || d.object() instanceof ValidatingAdmissionPolicyBinding) {
        d.object().getMetadata().setOwnerReferences(null);
        if (d.object() instanceof ValidatingAdmissionPolicy p) {
          System.out.printf(
              "policy %s: %d validations, %d bytes, left to the operator: %s%n",
              p.getMetadata().getName(),
              p.getSpec().getValidations().size(),
              admin.getKubernetesSerialization().asJson(p).length(),
              p.getMetadata().getAnnotations().get(PolicyCompiler.LEFT_TO_OPERATOR_ANNOTATION));
        }
        installed.add(admin.resource(d.object()).create());
      }
    }
    // A policy and a binding for each group of kinds: NetworkPolicies, Ingresses, Services,
    // PersistentVolumeClaims, bindings, Pods, workloads and CronJobs.
    assertThat(installed).hasSize(16);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                refusal(networkPolicy("probe", 1, true)) != null
                    && refusal(roleBinding("probe", 1, "kube-public")) != null
                    && refusal(ingress("probe", 1, false)) != null
                    && refusal(deployment("probe", 1, false)) != null);
  }

  @AfterAll
  static void remove() {
    installed.forEach(o -> admin.resource(o).delete());
    admin.close();
  }

  private static String baselineYaml(String id) {
    String envs =
        IntStream.range(0, ENVIRONMENTS).mapToObj(i -> "env" + i).collect(Collectors.joining(", "));
    String excluded =
        IntStream.range(0, 256)
            .mapToObj(i -> id + "-excluded-" + i)
            .collect(Collectors.joining(", "));
    String classes =
        IntStream.range(0, 64)
            .mapToObj(i -> "encrypted-" + i + "-" + "c".repeat(200))
            .collect(Collectors.joining(", "));
    return """
        apiVersion: rempart.dev/v1alpha1
        kind: SecurityBaseline
        metadata: {name: %s, uid: u-cost}
        spec:
          mode: Enforce
          namespaceSelector: {matchLabels: {gov: %s}}
          excludedNamespaces: [%s]
          network: {}
          environments: {allowed: [%s], isolated: [%s], nodeSelectors: {%s}}
          encryption: {atRest: {encryptedStorageClasses: [%s]}, inTransit: {requireIngressTLS: true}}
          accessControl: {forbidClusterAdmin: true}
          admission: {mode: Deny, breakGlassGroup: sre}
        """
        .formatted(id, id, excluded, envs, envs, nodeSelectors(), classes);
  }

  /** For each environment, its {@value #POOL_LABELS} node labels, with values of 63 characters. */
  private static String nodeSelectors() {
    return IntStream.range(0, ENVIRONMENTS)
        .mapToObj(
            e ->
                "env%d: {%s}"
                    .formatted(
                        e,
                        IntStream.range(0, POOL_LABELS)
                            .mapToObj(l -> "example.com/pool-%d: %s".formatted(l, poolValue(e)))
                            .collect(Collectors.joining(", "))))
        .collect(Collectors.joining(", "));
  }

  private static String poolValue(int environment) {
    String prefix = "env" + environment + "-";
    return prefix + "v".repeat(63 - prefix.length());
  }

  @Test
  void largeCompliantObjectsAreAdmitted() {
    assertThat(refusal(networkPolicy("wide", 100, false))).isNull();
    assertThat(refusal(roleBinding("many", 500, neighbour))).isNull();
    assertThat(refusal(ingress("many-hosts", 50, true))).isNull();
    assertThat(refusal(deployment("many-terms", 200, true))).isNull();
  }

  @Test
  void largeOffendingObjectsAreRefusedWithTheirCheck() {
    assertThat(refusal(networkPolicy("wide-open", 100, true))).contains("[network/allowAllPolicy]");
    assertThat(refusal(roleBinding("foreign", 500, "kube-public")))
        .contains("[environments/crossEnvironmentBinding]");
    assertThat(refusal(ingress("uncovered", 50, false))).contains("[encryption/ingressTls]");
    assertThat(refusal(deployment("loose-terms", 200, false)))
        .contains("[environments/nodePinning]");
  }

  /** The refusal's message, or null when a server-side dry run admits it. */
  private static String refusal(HasMetadata object) {
    try {
      admin.resource(object).dryRun().create();
      return null;
    } catch (KubernetesClientException e) {
      // A refusal names its check; a cost overrun or an evaluation error would name none.
      assertThat(e.getMessage())
          .as("a refusal by a check, not a failure of the policy")
          .containsPattern("denied request: \\[[A-Za-z]+/[A-Za-z]+\\]")
          .doesNotContainIgnoringCase("limit exceeded")
          .doesNotContainIgnoringCase("resulted in error");
      return e.getMessage();
    }
  }

  private static HasMetadata parse(String yaml) {
    return ManifestReader.parse(yaml).get(0);
  }

  /** {@code rules} ingress rules of 50 peers each; the last rule opens everything when asked. */
  private static HasMetadata networkPolicy(String name, int rules, boolean openLast) {
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: %s, namespace: %s}\nspec:\n  podSelector: {}\n  ingress:\n"
                .formatted(name, home));
    for (int r = 0; r < rules; r++) {
      if (openLast && r == rules - 1) {
        yaml.append("    - {}\n");
        continue;
      }
      yaml.append("    - from:\n");
      for (int p = 0; p < 50; p++) {
        yaml.append("        - podSelector: {matchLabels: {app: a").append(p).append("}}\n");
      }
    }
    return parse(yaml.toString());
  }

  /** A binding to {@code count} service accounts of {@code namespace}. */
  private static HasMetadata roleBinding(String name, int count, String namespace) {
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: %s, namespace: %s}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}\nsubjects:\n"
                .formatted(name, home));
    for (int i = 0; i < count; i++) {
      yaml.append("  - {kind: ServiceAccount, name: sa")
          .append(i)
          .append(", namespace: ")
          .append(namespace)
          .append("}\n");
    }
    return parse(yaml.toString());
  }

  /**
   * A Deployment in the home namespace (env0) whose required node affinity has {@code terms} terms
   * of 20 expressions, the environment's labels last in each; when not pinned, the last term lacks
   * one of them, so every term is read before the verdict.
   */
  private static HasMetadata deployment(String name, int terms, boolean pinned) {
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: %s, namespace: %s}\nspec:\n  selector: {matchLabels: {app: a}}\n  template:\n    metadata: {labels: {app: a}}\n    spec:\n      containers: [{name: a, image: registry.example.com/a:1}]\n      affinity:\n        nodeAffinity:\n          requiredDuringSchedulingIgnoredDuringExecution:\n            nodeSelectorTerms:\n"
                .formatted(name, home));
    for (int t = 0; t < terms; t++) {
      yaml.append("              - matchExpressions:\n");
      for (int x = 0; x < 20 - POOL_LABELS; x++) {
        yaml.append("                  - {key: example.com/other-")
            .append(x)
            .append(", operator: In, values: [a, b, c]}\n");
      }
      int labels = !pinned && t == terms - 1 ? POOL_LABELS - 1 : POOL_LABELS;
      for (int l = 0; l < labels; l++) {
        yaml.append("                  - {key: example.com/pool-")
            .append(l)
            .append(", operator: In, values: [")
            .append(poolValue(0))
            .append("]}\n");
      }
    }
    return parse(yaml.toString());
  }

  /** {@code count} hosts, each covered by the last of {@code count} tls entries when asked. */
  private static HasMetadata ingress(String name, int count, boolean covered) {
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: %s, namespace: %s}\nspec:\n  tls:\n"
                .formatted(name, home));
    for (int t = 0; t < count; t++) {
      String hosts =
          t == count - 1 && covered
              ? "['*.example.com']"
              : IntStream.range(0, 5)
                  .mapToObj(h -> "'h" + h + ".other.test'")
                  .collect(Collectors.joining(", ", "[", "]"));
      yaml.append("    - {hosts: ").append(hosts).append(", secretName: s").append(t).append("}\n");
    }
    yaml.append("  rules:\n");
    for (int r = 0; r < count; r++) {
      yaml.append("    - host: shop")
          .append(r)
          .append(
              ".example.com\n      http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: s, port: {number: 443}}}}]}\n");
    }
    return parse(yaml.toString());
  }
}
