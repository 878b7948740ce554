package dev.rempart.it;

import static dev.rempart.it.Fixtures.namespace;
import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the access-control (9.2) and environments (4.3) controls write, on a real API server: an
 * expired binding removed with an Event carrying its content, a live one kept; the isolation policy
 * of a production namespace.
 */
class AccessAndEnvironmentsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static KubernetesClient admin;
  private static RunningOperator operator;

  @BeforeAll
  static void start() {
    admin = ControlPlane.adminClient();
    operator = RunningOperator.startUnderChartRbac("--set=rbac.allowBindingRemoval=true");
  }

  @AfterAll
  static void stop() {
    operator.close();
    admin.close();
  }

  private static RoleBinding binding(String ns, String name, LocalDate expires) {
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    return admin
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .addToAnnotations("rempart.dev/reviewed-at", today)
                .addToAnnotations("rempart.dev/expires-at", expires.toString())
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "view")
                .addNewSubject()
                .withKind("User")
                .withName("contractor@example.com")
                .withApiGroup("rbac.authorization.k8s.io")
                .endSubject()
                .build())
        .create();
  }

  @Test
  void anExpiredBindingIsRemovedWithARecordAndALiveOneIsKept() {
    String label = unique("acl");
    String ns = unique("team");
    namespace(admin, ns, Map.of(label, "true"));
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    binding(ns, "contractor-expired", today.minusDays(3));
    binding(ns, "contractor-current", today.plusDays(30));
    String name = unique("access");
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
                  accessControl: {removeExpiredBindings: true, reviewIntervalDays: 90}
                """
                    .formatted(name, label)))
        .create();

    await()
        .atMost(WAIT)
        .until(
            () ->
                admin.rbac().roleBindings().inNamespace(ns).withName("contractor-expired").get()
                    == null);
    assertThat(admin.rbac().roleBindings().inNamespace(ns).withName("contractor-current").get())
        .isNotNull();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(admin.v1().events().inNamespace("default").list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getInvolvedObject().getName()).isEqualTo(name);
                          assertThat(e.getReason()).isEqualTo("Removed");
                          assertThat(e.getMessage())
                              .contains(ns + "/contractor-expired")
                              .contains("9.2")
                              .contains("contractor@example.com");
                        }));
    admin.resources(SecurityBaseline.class).withName(name).delete();
  }

  @Test
  void aProductionNamespaceAdmitsOnlyProductionTraffic() {
    String label = unique("env");
    String prod = unique("shop-prod");
    namespace(admin, prod, Map.of(label, "true", "rempart.dev/environment", "production"));
    String name = unique("environments");
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
                  environments:
                    allowed: [production, development]
                    isolated: [production]
                """
                    .formatted(name, label)))
        .create();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              NetworkPolicy isolation =
                  admin
                      .network()
                      .v1()
                      .networkPolicies()
                      .inNamespace(prod)
                      .withName("rempart-environment-isolation")
                      .get();
              assertThat(isolation).isNotNull();
              assertThat(isolation.getSpec().getPolicyTypes()).containsExactly("Ingress");
              assertThat(
                      isolation
                          .getSpec()
                          .getIngress()
                          .get(0)
                          .getFrom()
                          .get(0)
                          .getNamespaceSelector()
                          .getMatchLabels())
                  .containsEntry("rempart.dev/environment", "production");
            });
    admin.resources(SecurityBaseline.class).withName(name).delete();
  }
}
