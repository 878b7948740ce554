package dev.rempart.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rempart.it.ChartRbac;
import dev.rempart.it.ControlPlane;
import dev.rempart.it.Fixtures;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart's RBAC as the API server enforces it: SubjectAccessReviews for the operator's
 * ServiceAccount, and real calls made while impersonating it (through {@link ChartRbac}), on the
 * shared control plane. Namespaces are unique to this class, so are the release's role names.
 */
class ChartRbacIT {
  static final String NS = Fixtures.unique("rempart-rbac");
  static final String WORKLOAD_NS = Fixtures.unique("team-a");

  static KubernetesClient admin;
  static ChartRbac.Subject operator;

  @BeforeAll
  static void applyTheChartsRbac() {
    admin = ControlPlane.adminClient();
    Fixtures.namespace(admin, WORKLOAD_NS, Map.of());
    operator = ChartRbac.apply(admin, NS);
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
  }

  /** verb, API group, resource, subresource, namespace ("" = cluster-wide), allowed. */
  static Stream<Arguments> accessChecks() {
    return Stream.of(
        // What the operator needs.
        Arguments.of("list", "", "namespaces", "", "", true),
        Arguments.of("watch", "", "pods", "", "", true),
        Arguments.of("list", "rbac.authorization.k8s.io", "clusterrolebindings", "", "", true),
        Arguments.of("patch", "networking.k8s.io", "networkpolicies", "", WORKLOAD_NS, true),
        Arguments.of("create", "networking.k8s.io", "networkpolicies", "", WORKLOAD_NS, true),
        Arguments.of("delete", "networking.k8s.io", "networkpolicies", "", WORKLOAD_NS, true),
        Arguments.of("patch", "", "namespaces", "", "", true),
        Arguments.of("update", "rempart.dev", "securitybaselines", "status", "", true),
        Arguments.of("update", "rempart.dev", "securitybaselines", "finalizers", "", true),
        Arguments.of("create", "", "events", "", WORKLOAD_NS, true),
        Arguments.of("create", "events.k8s.io", "events", "", WORKLOAD_NS, true),
        Arguments.of("update", "coordination.k8s.io", "leases", "", NS, true),
        Arguments.of("patch", "coordination.k8s.io", "leases", "", NS, true),
        // What it must not be able to do.
        Arguments.of("get", "", "secrets", "", WORKLOAD_NS, false),
        Arguments.of("list", "", "secrets", "", "", false),
        Arguments.of("create", "rbac.authorization.k8s.io", "clusterrolebindings", "", "", false),
        Arguments.of("delete", "rbac.authorization.k8s.io", "rolebindings", "", WORKLOAD_NS, false),
        Arguments.of("escalate", "rbac.authorization.k8s.io", "clusterroles", "", "", false),
        Arguments.of("bind", "rbac.authorization.k8s.io", "clusterroles", "", "", false),
        Arguments.of("impersonate", "", "users", "", "", false),
        Arguments.of("create", "apps", "deployments", "", WORKLOAD_NS, false),
        Arguments.of("delete", "apps", "deployments", "", WORKLOAD_NS, false),
        Arguments.of("create", "", "pods", "", WORKLOAD_NS, false),
        Arguments.of("delete", "", "pods", "", WORKLOAD_NS, false),
        Arguments.of("create", "", "pods", "exec", WORKLOAD_NS, false),
        Arguments.of("create", "", "configmaps", "", WORKLOAD_NS, false),
        Arguments.of("delete", "", "configmaps", "", WORKLOAD_NS, false),
        Arguments.of("create", "", "namespaces", "", "", false),
        Arguments.of("delete", "", "namespaces", "", "", false),
        Arguments.of("create", "rempart.dev", "securitybaselines", "", "", false),
        Arguments.of("delete", "rempart.dev", "securitybaselines", "", "", false),
        Arguments.of("create", "coordination.k8s.io", "leases", "", WORKLOAD_NS, false),
        Arguments.of("create", "apiextensions.k8s.io", "customresourcedefinitions", "", "", false));
  }

  @ParameterizedTest(name = "{0} {1}/{2}/{3} in \"{4}\": allowed={5}")
  @MethodSource("accessChecks")
  void theApiServerAuthorizesExactlyWhatTheOperatorNeeds(
      String verb,
      String group,
      String resource,
      String subresource,
      String namespace,
      boolean allowed) {
    assertThat(allowed(operator, verb, group, resource, subresource, namespace))
        .as(
            "%s may %s %s/%s/%s in '%s'",
            operator.username(), verb, group, resource, subresource, namespace)
        .isEqualTo(allowed);
  }

  @Test
  void optInsGrantExactlyTheirPermission() {
    ChartRbac.Subject optedIn =
        ChartRbac.apply(
            admin,
            Fixtures.unique("rempart-opted-in"),
            "--set=rbac.secretsMetadata=true",
            "--set=rbac.allowBindingRemoval=true");

    assertThat(allowed(optedIn, "list", "", "secrets", "", "")).isTrue();
    assertThat(allowed(optedIn, "watch", "", "secrets", "", "")).isTrue();
    assertThat(allowed(optedIn, "get", "", "secrets", "", WORKLOAD_NS))
        .as("list/watch only, no get of a named Secret")
        .isFalse();
    assertThat(
            allowed(
                optedIn, "delete", "rbac.authorization.k8s.io", "rolebindings", "", WORKLOAD_NS))
        .isTrue();
    assertThat(
            allowed(optedIn, "delete", "rbac.authorization.k8s.io", "clusterrolebindings", "", ""))
        .isTrue();
    assertThat(
            allowed(
                optedIn, "create", "rbac.authorization.k8s.io", "rolebindings", "", WORKLOAD_NS))
        .isFalse();
    assertThat(allowed(operator, "list", "", "secrets", "", ""))
        .as("the opt-in of another release changes nothing for this one")
        .isFalse();
  }

  @Test
  void impersonatingTheServiceAccountMakesRealCallsFailOrPassAsTheChartSays() {
    try (KubernetesClient asOperator =
        new KubernetesClientBuilder()
            .withConfig(operator.impersonating(ControlPlane.config()))
            .build()) {
      assertThat(asOperator.namespaces().list().getItems())
          .extracting(n -> n.getMetadata().getName())
          .contains(WORKLOAD_NS);
      asOperator
          .resource(
              new NetworkPolicyBuilder()
                  .withNewMetadata()
                  .withName("default-deny")
                  .withNamespace(WORKLOAD_NS)
                  .endMetadata()
                  .withNewSpec()
                  .withNewPodSelector()
                  .endPodSelector()
                  .withPolicyTypes("Ingress", "Egress")
                  .endSpec()
                  .build())
          .fieldManager("rempart")
          .serverSideApply();

      assertThatThrownBy(() -> asOperator.secrets().inNamespace(WORKLOAD_NS).list())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
      assertThatThrownBy(
              () ->
                  asOperator
                      .resource(
                          new ConfigMapBuilder()
                              .withNewMetadata()
                              .withName("not-ours")
                              .withNamespace(WORKLOAD_NS)
                              .endMetadata()
                              .build())
                      .create())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(403));
    }
    assertThat(
            admin
                .network()
                .v1()
                .networkPolicies()
                .inNamespace(WORKLOAD_NS)
                .withName("default-deny")
                .get())
        .isNotNull();
  }

  private static boolean allowed(
      ChartRbac.Subject subject,
      String verb,
      String group,
      String resource,
      String subresource,
      String namespace) {
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(subject.username())
            .withGroups(subject.groups())
            .withNewResourceAttributes()
            .withVerb(verb)
            .withGroup(group)
            .withResource(resource)
            .withSubresource(subresource.isEmpty() ? null : subresource)
            .withNamespace(namespace.isEmpty() ? null : namespace)
            .endResourceAttributes()
            .endSpec()
            .build();
    return admin.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
  }
}
