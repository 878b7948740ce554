package dev.rempart.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.controls.accesscontrol.AccessControlControl;
import dev.rempart.core.controls.environments.EnvironmentsControl;
import dev.rempart.core.controls.network.NetworkControl;
import dev.rempart.core.controls.podsecurity.PodSecurityControl;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An object a control cannot evaluate costs that object only: the finding names it (kind,
 * namespace, name), and the namespace's other objects are evaluated by the same control.
 */
class UnevaluableObjectTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void theOddObjectIsNamedAndItsNeighboursAreEvaluated() throws Exception {
    SecurityBaseline baseline =
        YAML.readValue(
            """
            apiVersion: rempart.dev/v1alpha1
            kind: SecurityBaseline
            metadata: {name: b}
            spec:
              namespaceSelector: {matchLabels: {gov: "true"}}
              network: {defaultDeny: [Ingress]}
              podSecurity: {level: restricted}
              accessControl: {}
              environments: {allowed: [prod], isolated: [prod], nodeSelectors: {prod: {env: prod}}}
            """,
            SecurityBaseline.class);
    Snapshot cluster =
        Snapshot.of(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("shop")
                .withLabels(Map.of("gov", "true", "rempart.dev/environment", "prod"))
                .endMetadata()
                .build(),
            read(
                Pod.class,
                "{metadata: {name: odd, namespace: shop}, spec: {containers: [{name: a, image: x,"
                    + " securityContext: {capabilities: {add: [~]}}}]}}"),
            read(
                Pod.class,
                "{metadata: {name: stray, namespace: shop}, spec: {containers: [{name: a, image:"
                    + " x}], affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution:"
                    + " {nodeSelectorTerms: [~]}}}}}"),
            read(
                RoleBinding.class,
                "{metadata: {name: odd, namespace: shop}, subjects: [~], roleRef: {kind: Role,"
                    + " name: x}}"),
            read(
                RoleBinding.class,
                "{metadata: {name: admin, namespace: shop}, subjects: [{kind: ServiceAccount,"
                    + " name: ci, namespace: build}], roleRef: {kind: ClusterRole, name:"
                    + " cluster-admin}}"),
            read(
                Pod.class,
                "{metadata: {name: root, namespace: shop}, spec: {containers: [{name: a, image:"
                    + " 'nginx:1.27', securityContext: {privileged: true}}]}}"),
            read(
                Service.class,
                "{metadata: {name: odd-svc, namespace: shop}, spec: {type: NodePort, ports:"
                    + " [~]}}"),
            read(
                NetworkPolicy.class,
                "{metadata: {name: odd, namespace: shop}, spec: {podSelector: {}, policyTypes:"
                    + " [~]}}"),
            read(
                NetworkPolicy.class,
                "{metadata: {name: deny, namespace: shop}, spec: {podSelector: {}, policyTypes:"
                    + " [Ingress]}}"));

    EvaluationResult result =
        new Evaluator(
                List.of(
                    new NetworkControl(),
                    new PodSecurityControl(),
                    new EnvironmentsControl(),
                    new AccessControlControl()))
            .evaluate(baseline, cluster, CLOCK);

    List<Finding> unevaluable =
        result.findings().stream().filter(f -> f.check().equals(UnevaluableObject.CHECK)).toList();
    assertThat(unevaluable)
        .extracting(f -> f.control() + " " + f.resource().display())
        .contains(
            "podSecurity Pod shop/odd",
            "network NetworkPolicy shop/odd",
            "environments Pod shop/stray",
            "environments RoleBinding shop/odd",
            "accessControl RoleBinding shop/odd")
        .allMatch(where -> !where.contains("Namespace"), "names an object, not the namespace");
    assertThat(unevaluable)
        .allSatisfy(
            f ->
                assertThat(f.message())
                    .contains("could not evaluate " + f.resource().display(), "other objects")
                    .contains("NullPointerException"));
    List<String> others =
        result.findings().stream()
            .filter(f -> !f.check().equals(UnevaluableObject.CHECK))
            .map(f -> f.control() + " " + f.resource().display())
            .toList();
    assertThat(others)
        .as("the objects beside the odd ones are still checked by the same controls")
        .contains(
            "podSecurity Pod shop/root",
            "environments Pod shop/root",
            "accessControl RoleBinding shop/admin");
    assertThat(result.findings())
        .as("the readable default deny still counts: no defaultDeny finding")
        .noneMatch(f -> f.check().equals(NetworkControl.CHECK_DEFAULT_DENY));
  }

  private static <T extends HasMetadata> T read(Class<T> type, String yaml) throws Exception {
    return YAML.readValue(yaml, type);
  }
}
