package dev.rempart.it;

import static dev.rempart.it.Fixtures.namespace;
import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.Evaluator;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Snapshot;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The environments control's nodePinning check at admission, on the real API server with the
 * operator under the chart's RBAC and the baseline in Deny: an unpinned workload is refused with
 * the check's message and a pinned one admitted, in the environment with node labels only; the API
 * server and the core agree on every pod spec variant in every kind the core reads (what {@code
 * NodePinning.unpinned} says of nodeSelector, affinity terms as alternatives, operators and
 * values); an object with a controller is left to the operator; an exception lets exactly its
 * object through.
 */
class NodePinningAdmissionIT {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String CHECK = "[environments/nodePinning]";
  private static KubernetesClient admin;
  private static RunningOperator operator;
  private static String baseline;
  private static String label;
  private static Namespace prod;
  private static String dev;

  /** Pod specs, each against the production labels {node-pool: production, tier: restricted}. */
  private static final Map<String, String> VARIANTS = new LinkedHashMap<>();

  static {
    VARIANTS.put("nothing", "{}");
    VARIANTS.put("selector", "{nodeSelector: {node-pool: production, tier: restricted}}");
    VARIANTS.put(
        "selector-more", "{nodeSelector: {node-pool: production, tier: restricted, zone: a}}");
    VARIANTS.put("selector-partial", "{nodeSelector: {node-pool: production}}");
    VARIANTS.put("selector-wrong-value", "{nodeSelector: {node-pool: staging, tier: restricted}}");
    VARIANTS.put(
        "affinity-and-selector",
        "{nodeSelector: {tier: restricted}, affinity: {nodeAffinity:"
            + " {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms:"
            + " [{matchExpressions: [{key: node-pool, operator: In, values: [production]}]}]}}}}");
    VARIANTS.put(
        "affinity-only",
        "{affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution:"
            + " {nodeSelectorTerms: [{matchExpressions: [{key: node-pool, operator: In, values:"
            + " [production]}, {key: tier, operator: In, values: [restricted]}]}]}}}}");
    VARIANTS.put(
        "affinity-every-term-pins",
        "{affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution:"
            + " {nodeSelectorTerms: [{matchExpressions: [{key: node-pool, operator: In, values:"
            + " [production]}, {key: tier, operator: In, values: [restricted]}]},"
            + " {matchExpressions: [{key: tier, operator: In, values: [restricted]}, {key: zone,"
            + " operator: In, values: [a]}, {key: node-pool, operator: In, values:"
            + " [production]}]}]}}}}");
    VARIANTS.put(
        "affinity-one-term-looser",
        "{nodeSelector: {tier: restricted}, affinity: {nodeAffinity:"
            + " {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms:"
            + " [{matchExpressions: [{key: node-pool, operator: In, values: [production]}]},"
            + " {matchExpressions: [{key: node-pool, operator: In, values: [production,"
            + " batch]}]}]}}}}");
    VARIANTS.put(
        "affinity-a-term-without-the-label",
        "{nodeSelector: {tier: restricted}, affinity: {nodeAffinity:"
            + " {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms:"
            + " [{matchExpressions: [{key: node-pool, operator: In, values: [production]}]},"
            + " {matchFields: [{key: metadata.name, operator: In, values: [node-1]}]}]}}}}");
    VARIANTS.put(
        "affinity-same-value-twice",
        "{nodeSelector: {tier: restricted}, affinity: {nodeAffinity:"
            + " {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms:"
            + " [{matchExpressions: [{key: node-pool, operator: In, values: [production,"
            + " production]}]}]}}}}");
    VARIANTS.put(
        "affinity-not-in",
        "{nodeSelector: {tier: restricted}, affinity: {nodeAffinity:"
            + " {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms:"
            + " [{matchExpressions: [{key: node-pool, operator: NotIn, values: [staging]}]}]}}}}");
    VARIANTS.put(
        "affinity-exists",
        "{nodeSelector: {tier: restricted}, affinity: {nodeAffinity:"
            + " {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms:"
            + " [{matchExpressions: [{key: node-pool, operator: Exists}]}]}}}}");
    VARIANTS.put(
        "preferred-only",
        "{nodeSelector: {tier: restricted}, affinity: {nodeAffinity:"
            + " {preferredDuringSchedulingIgnoredDuringExecution: [{weight: 100, preference:"
            + " {matchExpressions: [{key: node-pool, operator: In, values: [production]}]}}]}}}");
    VARIANTS.put(
        "tolerations-only",
        "{nodeSelector: {tier: restricted}, tolerations: [{key: node-pool, operator: Equal,"
            + " value: production, effect: NoSchedule}]}");
  }

  private static final List<String> KINDS =
      List.of(
          "Pod",
          "Deployment",
          "StatefulSet",
          "DaemonSet",
          "ReplicaSet",
          "ReplicationController",
          "Job",
          "CronJob");

  @BeforeAll
  static void start() {
    admin = ControlPlane.adminClient();
    operator = RunningOperator.startUnderChartRbac();
    baseline = unique("pin");
    label = unique("gov");
    prod =
        namespace(
            admin, unique("prod"), Map.of(label, "true", "rempart.dev/environment", "production"));
    dev = unique("dev");
    namespace(admin, dev, Map.of(label, "true", "rempart.dev/environment", "development"));
    admin.resource(baseline()).create();
    // The three policies on pod specs are in force once each refuses its probe.
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                refusal(workload("Pod", unique("probe"), ns(), "{}")) != null
                    && refusal(workload("Deployment", unique("probe"), ns(), "{}")) != null
                    && refusal(workload("CronJob", unique("probe"), ns(), "{}")) != null);
  }

  @AfterAll
  static void stop() {
    admin.resources(SecurityBaseline.class).withName(baseline).delete();
    // Removed with the baseline: nothing of this test is left to refuse another test's writes.
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                admin
                    .resources(ValidatingAdmissionPolicy.class)
                    .withLabel("rempart.dev/baseline", baseline)
                    .list()
                    .getItems()
                    .isEmpty());
    operator.close();
    admin.close();
  }

  private static SecurityBaseline baseline() {
    return Fixtures.baseline(
        """
        apiVersion: rempart.dev/v1alpha1
        kind: SecurityBaseline
        metadata: {name: %s}
        spec:
          mode: Enforce
          namespaceSelector: {matchLabels: {%s: "true"}}
          environments:
            allowed: [production, development]
            nodeSelectors: {production: {node-pool: production, tier: restricted}}
          admission: {mode: Deny}
        """
            .formatted(baseline, label));
  }

  private static String ns() {
    return prod.getMetadata().getName();
  }

  @Test
  void denyRefusesAnUnpinnedWorkloadAndAdmitsAPinnedOne() {
    String refusal = refusal(workload("Deployment", unique("loose"), ns(), "{}"));
    assertThat(refusal)
        .contains(CHECK)
        .contains("clause 4.3")
        .contains("Rempart baseline " + baseline)
        .contains("BaselineException");
    String pinned = unique("pinned");
    admin.resource(workload("Deployment", pinned, ns(), VARIANTS.get("selector"))).create();
    // An update is checked too: taking the pin off the template is refused.
    KubernetesClientException update = null;
    try {
      admin
          .apps()
          .deployments()
          .inNamespace(ns())
          .withName(pinned)
          .edit(
              d -> {
                d.getSpec().getTemplate().getSpec().setNodeSelector(Map.of("tier", "restricted"));
                return d;
              });
    } catch (KubernetesClientException e) {
      update = e;
    }
    assertThat(update).as("unpinning update").isNotNull();
    assertThat(update.getMessage()).contains(CHECK);
    Deployment stored = admin.apps().deployments().inNamespace(ns()).withName(pinned).get();
    assertThat(stored.getSpec().getTemplate().getSpec().getNodeSelector())
        .containsEntry("node-pool", "production");
    // An environment without node labels is not pinned.
    admin.resource(workload("Deployment", unique("free"), dev, "{}")).create();
  }

  @Test
  void theApiServerAndTheCoreAgreeOnEveryVariantOfEveryKind() {
    List<String> mismatches = new ArrayList<>();
    int refused = 0;
    int compared = 0;
    for (String kind : KINDS) {
      for (Map.Entry<String, String> v : VARIANTS.entrySet()) {
        HasMetadata object =
            workload(kind, "v-" + v.getKey() + "-" + kind.toLowerCase(), ns(), v.getValue());
        boolean core = coreReports(object);
        String refusal = refusal(object);
        compared++;
        if (refusal != null) {
          refused++;
          assertThat(refusal).as("refused by the check, not as invalid").contains(CHECK);
        }
        if (core != (refusal != null)) {
          mismatches.add(
              kind + " " + v.getKey() + ": core=" + core + " admission=" + (refusal != null));
        }
      }
    }
    System.out.printf(
        "node pinning at admission: %d objects compared, %d refused, %d mismatches%n",
        compared, refused, mismatches.size());
    assertThat(mismatches).isEmpty();
    // Not vacuous: both verdicts occur in every kind.
    assertThat(refused).isGreaterThan(KINDS.size()).isLessThan(compared - KINDS.size());
  }

  @Test
  void anObjectWithAControllerIsLeftToTheOperator() throws IOException {
    ObjectNode pod = (ObjectNode) YAML.valueToTree(workload("Pod", unique("owned"), ns(), "{}"));
    ObjectNode owner = ((ObjectNode) pod.path("metadata")).putArray("ownerReferences").addObject();
    owner.put("apiVersion", "example.com/v1");
    owner.put("kind", "Notebook");
    owner.put("name", "research");
    owner.put("uid", "3c8b7e4e-0000-4000-8000-000000000001");
    owner.put("controller", true);
    HasMetadata controlled = ManifestReader.parse(YAML.writeValueAsString(pod)).get(0);
    // Its controller is not a workload the core sees: the operator reports the pod...
    assertThat(coreReports(controlled)).isTrue();
    // ...but admission does not refuse a controller's write.
    assertThat(refusal(controlled)).isNull();
  }

  @Test
  void anExceptionLetsExactlyItsObjectThrough() {
    String name = unique("gpu");
    Instant expiresAt = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    HasMetadata exception =
        ManifestReader.parse(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: BaselineException
                metadata: {name: %s}
                spec:
                  baseline: %s
                  controls: [{control: environments, checks: [nodePinning]}]
                  namespaces: [%s]
                  resources: [{kind: Deployment, name: %s}]
                  reason: Trains on the shared GPU pool until the production pool has GPUs.
                  ticket: RISK-51
                  approvedBy: ciso@example.com
                  expiresAt: "%s"
                """
                    .formatted(unique("exc"), baseline, ns(), name, expiresAt))
            .get(0);
    admin.resource(exception).create();
    try {
      Awaitility.await()
          .atMost(WAIT)
          .until(() -> refusal(workload("Deployment", name, ns(), "{}")) == null);
      assertThat(refusal(workload("Deployment", unique("other"), ns(), "{}"))).contains(CHECK);
      assertThat(refusal(workload("StatefulSet", name, ns(), "{}"))).contains(CHECK);
    } finally {
      admin.resource(exception).delete();
    }
  }

  /** True when the core reports nodePinning on the object, alone in its namespace. */
  private static boolean coreReports(HasMetadata object) {
    SecurityBaseline b = baseline();
    b.getMetadata().setUid("u-" + baseline);
    ResourceRef ref = ResourceRef.of(object);
    return Evaluator.standard()
        .evaluate(b, Snapshot.builder().add(prod).add(object).build(), Clock.systemUTC())
        .findings()
        .stream()
        .anyMatch(f -> f.check().equals("nodePinning") && f.resource().equals(ref));
  }

  /** The refusal's message of a server-side dry-run create, or null when it is admitted. */
  private static String refusal(HasMetadata object) {
    try {
      admin.resource(object).dryRun().create();
      return null;
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403 && e.getCode() != 422) {
        throw e;
      }
      return e.getMessage();
    }
  }

  /** A valid object of the kind whose pods run {@code podSpec} (a YAML flow mapping). */
  private static HasMetadata workload(String kind, String name, String namespace, String podSpec) {
    try {
      ObjectNode spec = (ObjectNode) YAML.readTree(podSpec);
      ObjectNode container = spec.putArray("containers").addObject();
      container.put("name", "app");
      container.put("image", "registry.example.com/app:1.0.0");
      ObjectNode root = YAML.createObjectNode();
      root.put("kind", kind);
      ObjectNode metadata = root.putObject("metadata");
      metadata.put("name", name);
      metadata.put("namespace", namespace);
      ObjectNode template = YAML.createObjectNode();
      template.putObject("metadata").putObject("labels").put("app", name);
      template.set("spec", spec);
      ObjectNode selector = YAML.createObjectNode();
      selector.putObject("matchLabels").put("app", name);
      switch (kind) {
        case "Pod" -> {
          root.put("apiVersion", "v1");
          root.set("spec", spec);
        }
        case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet" -> {
          root.put("apiVersion", "apps/v1");
          ObjectNode s = root.putObject("spec");
          s.set("selector", selector);
          s.set("template", template);
          if (kind.equals("StatefulSet")) {
            s.put("serviceName", name);
          }
        }
        case "ReplicationController" -> {
          root.put("apiVersion", "v1");
          ObjectNode s = root.putObject("spec");
          s.putObject("selector").put("app", name);
          s.set("template", template);
        }
        case "Job" -> {
          root.put("apiVersion", "batch/v1");
          spec.put("restartPolicy", "Never");
          root.putObject("spec").set("template", template);
        }
        case "CronJob" -> {
          root.put("apiVersion", "batch/v1");
          spec.put("restartPolicy", "Never");
          ObjectNode s = root.putObject("spec");
          s.put("schedule", "0 3 * * *");
          s.putObject("jobTemplate").putObject("spec").set("template", template);
        }
        default -> throw new IllegalArgumentException(kind);
      }
      return ManifestReader.parse(YAML.writeValueAsString(root)).get(0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
