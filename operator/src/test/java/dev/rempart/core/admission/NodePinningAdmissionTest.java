package dev.rempart.core.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.DesiredObject;
import dev.rempart.core.Evaluator;
import dev.rempart.core.Snapshot;
import dev.rempart.core.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.NamedRuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The environments control's nodePinning check compiled to CEL: which policies, kinds, operations
 * and labels. What the CEL decides is compared with the core on the real API server ({@code
 * NodePinningAdmissionIT}, {@code AdmissionParityIT}).
 */
class NodePinningAdmissionTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);
  private static final RempartIdentity REMPART =
      new RempartIdentity("system:serviceaccount:rempart-system:rempart");
  private static final String PINNED =
      """
        environments:
          allowed: [production, staging, development]
          nodeSelectors:
            production: {node-pool: production, tier: restricted}
            staging: {node-pool: staging}
        admission: {mode: Deny}
      """;

  private static SecurityBaseline baseline(String sections) throws Exception {
    return new ObjectMapper(new YAMLFactory())
        .readValue(
            """
            apiVersion: rempart.dev/v1alpha1
            kind: SecurityBaseline
            metadata: {name: b, uid: u-1}
            spec:
              mode: Enforce
              namespaceSelector: {}
            """
                + sections,
            SecurityBaseline.class);
  }

  /** The baseline's policies on pod specs (the others are AdmissionControlTest's). */
  private static Map<String, ValidatingAdmissionPolicy> policies(
      SecurityBaseline b, List<HasMetadata> cluster) {
    Map<String, ValidatingAdmissionPolicy> byName = new TreeMap<>();
    Evaluator.standard(REMPART)
        .evaluate(b, Snapshot.builder().addAll(cluster).build(), CLOCK)
        .desired()
        .stream()
        .map(DesiredObject::object)
        .filter(ValidatingAdmissionPolicy.class::isInstance)
        .map(ValidatingAdmissionPolicy.class::cast)
        .filter(p -> p.getMetadata().getName().matches("rempart-b-(pods|workloads|cronjobs)"))
        .forEach(p -> byName.put(p.getMetadata().getName(), p));
    return byName;
  }

  private static Validation pinning(ValidatingAdmissionPolicy policy) {
    List<Validation> found =
        policy.getSpec().getValidations().stream()
            .filter(v -> v.getMessage().startsWith("[environments/nodePinning]"))
            .toList();
    assertThat(found).as(policy.getMetadata().getName()).hasSize(1);
    return found.get(0);
  }

  private static Map<String, Set<String>> resources(ValidatingAdmissionPolicy policy) {
    Map<String, Set<String>> operations = new TreeMap<>();
    for (NamedRuleWithOperations r : policy.getSpec().getMatchConstraints().getResourceRules()) {
      r.getResources().forEach(res -> operations.put(res, new TreeSet<>(r.getOperations())));
    }
    return operations;
  }

  @Test
  void eachPodSpecSchemaHasAPolicyOfItsOwn() throws Exception {
    Map<String, ValidatingAdmissionPolicy> policies = policies(baseline(PINNED), List.of());
    assertThat(policies.keySet())
        .containsExactlyInAnyOrder("rempart-b-pods", "rempart-b-workloads", "rempart-b-cronjobs");
    // Pods are checked at creation only: their scheduling fields cannot be loosened later, and an
    // update refused there (a controller removing a finalizer) would keep the pod from going.
    assertThat(resources(policies.get("rempart-b-pods")))
        .containsExactlyEntriesOf(Map.of("pods", Set.of("CREATE")));
    assertThat(resources(policies.get("rempart-b-workloads")))
        .containsOnlyKeys(
            "deployments",
            "statefulsets",
            "daemonsets",
            "replicasets",
            "replicationcontrollers",
            "jobs")
        .allSatisfy((k, ops) -> assertThat(ops).containsExactly("CREATE", "UPDATE"));
    assertThat(resources(policies.get("rempart-b-cronjobs")))
        .containsExactlyEntriesOf(Map.of("cronjobs", Set.of("CREATE", "UPDATE")));

    // The pod spec is bound to p where each kind keeps it, its presence checked field by field.
    assertThat(pinning(policies.get("rempart-b-pods")).getExpression())
        .contains("!(has(object.spec)) || [object.spec].all(p, ")
        .doesNotContain("template");
    assertThat(pinning(policies.get("rempart-b-workloads")).getExpression())
        .contains(
            "!(has(object.spec) && has(object.spec.template) && has(object.spec.template.spec))"
                + " || [object.spec.template.spec].all(p, ")
        .contains(
            "p.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                + ".nodeSelectorTerms : [])].all(ts, ")
        .contains("size(ts) > 0 && ts.all(t, ")
        .doesNotContain("jobTemplate");
    assertThat(pinning(policies.get("rempart-b-cronjobs")).getExpression())
        .contains("[object.spec.jobTemplate.spec.template.spec].all(p, ");
  }

  @Test
  void theLabelsOfEachEnvironmentAreCompiledInAndTheEnvironmentReadFromTheNamespace()
      throws Exception {
    String cel =
        pinning(policies(baseline(PINNED), List.of()).get("rempart-b-workloads")).getExpression();
    assertThat(cel)
        .contains("namespaceObject.metadata.labels['rempart.dev/environment']")
        .contains("env != 'production' || (")
        .contains("env != 'staging' || (")
        .contains("['node-pool'] == 'production'")
        .contains("['tier'] == 'restricted'")
        .contains("['node-pool'] == 'staging'")
        // development has no node labels: nothing to check there.
        .doesNotContain("'development'")
        // Objects with a controller are left to the operator.
        .contains("object.metadata.ownerReferences.exists(o, has(o.controller) && o.controller)");
  }

  @Test
  void aCustomEnvironmentLabelIsTheOneRead() throws Exception {
    String cel =
        pinning(
                policies(baseline("  environmentLabel: example.com/env\n" + PINNED), List.of())
                    .get("rempart-b-pods"))
            .getExpression();
    assertThat(cel)
        .contains("namespaceObject.metadata.labels['example.com/env']")
        .doesNotContain("rempart.dev/environment");
  }

  @Test
  void withoutNodeSelectorsNothingIsCompiled() throws Exception {
    Map<String, ValidatingAdmissionPolicy> policies =
        policies(
            baseline(
                "  environments: {allowed: [production], isolated: [production]}\n"
                    + "  admission: {}\n"),
            List.of());
    assertThat(policies).isEmpty();
  }

  @Test
  void anEnvironmentThatIsNotAllowedIsNotCompiled() throws Exception {
    // The CRD refuses it; a baseline read from a file by rempart audit is not validated by it, and
    // the core judges pinning only in namespaces of an allowed environment.
    String cel =
        pinning(
                policies(
                        baseline(
                            """
                              environments:
                                allowed: [production]
                                nodeSelectors: {production: {pool: p}, qa: {pool: q}}
                              admission: {}
                            """),
                        List.of())
                    .get("rempart-b-pods"))
            .getExpression();
    assertThat(cel).contains("'production'").doesNotContain("'qa'");
  }

  @Test
  void anExceptionForTheCheckExemptsAtAdmission() throws Exception {
    HasMetadata exception =
        dev.rempart.io.ManifestReader.parse(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: BaselineException
                metadata: {name: gpu, creationTimestamp: "2026-01-10T00:00:00Z"}
                spec:
                  baseline: b
                  controls: [{control: environments, checks: [nodePinning]}]
                  namespaces: [ml]
                  resources: [{kind: Deployment, name: trainer}]
                  reason: runs on the shared GPU pool
                  ticket: T-2
                  approvedBy: ciso@example.com
                  expiresAt: "2026-01-20T00:00:00Z"
                """)
            .get(0);
    Map<String, ValidatingAdmissionPolicy> policies =
        policies(baseline(PINNED), List.of(exception));
    for (ValidatingAdmissionPolicy p : policies.values()) {
      assertThat(p.getSpec().getVariables()).hasSize(1);
      assertThat(pinning(p).getExpression()).contains("variables.exemption_0");
    }
  }

  @Test
  void theKindsCheckedAreTheKindsTheCoreReadsAsWorkloads() {
    Set<String> compiled =
        AdmissionChecks.all().stream()
            .filter(r -> r.check().equals("nodePinning"))
            .flatMap(r -> r.rules().stream())
            .flatMap(r -> r.targets().stream())
            .map(AdmissionCheck.Target::kind)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> core =
        Workloads.KINDS.stream()
            .map(HasMetadata::getKind)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(compiled).isEqualTo(core);
  }

  /** 32 environments (the CRD's limit), each with {@code labels} labels of 63-character values. */
  private static String manyLabels(int labels) {
    StringBuilder yaml = new StringBuilder("  environments:\n    allowed: [");
    StringBuilder selectors = new StringBuilder("    nodeSelectors:\n");
    for (int e = 0; e < 32; e++) {
      yaml.append(e == 0 ? "" : ", ").append("env").append(e);
      selectors.append("      env").append(e).append(": {");
      for (int l = 0; l < labels; l++) {
        selectors
            .append(l == 0 ? "" : ", ")
            .append("example.com/pool-")
            .append(l)
            .append(": ")
            .append("v".repeat(63));
      }
      selectors.append("}\n");
    }
    return yaml.append("]\n").append(selectors).append("  admission: {}\n").toString();
  }

  @Test
  void theCelIsWithinTheApiServersExpressionLimitForFourLabelsInEachEnvironment() throws Exception {
    Map<String, ValidatingAdmissionPolicy> policies = policies(baseline(manyLabels(4)), List.of());
    assertThat(policies).hasSize(3);
    for (ValidatingAdmissionPolicy p : policies.values()) {
      int length = pinning(p).getExpression().length();
      System.out.printf(
          "%s: nodePinning in %d characters for 32 environments of 4 labels%n",
          p.getMetadata().getName(), length);
      assertThat(length).isLessThanOrEqualTo(PolicyCompiler.MAX_EXPRESSION);
    }
  }

  @Test
  void labelsTooManyForTheApiServerAreLeftToTheOperatorAndSaidOnce() throws Exception {
    List<ValidatingAdmissionPolicy> all =
        Evaluator.standard(REMPART)
            .evaluate(baseline(manyLabels(8)), Snapshot.builder().build(), CLOCK)
            .desired()
            .stream()
            .map(DesiredObject::object)
            .filter(ValidatingAdmissionPolicy.class::isInstance)
            .map(ValidatingAdmissionPolicy.class::cast)
            .toList();
    // No pod-spec policy; the first policy (the protection's) names the check once.
    assertThat(all)
        .extracting(p -> p.getMetadata().getName())
        .containsExactly("rempart-b-networkpolicies");
    assertThat(all.get(0).getMetadata().getAnnotations())
        .containsEntry(PolicyCompiler.LEFT_TO_OPERATOR_ANNOTATION, "environments/nodePinning");
  }
}
