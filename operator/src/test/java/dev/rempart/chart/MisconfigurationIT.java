package dev.rempart.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rempart.it.ChartRbac;
import dev.rempart.it.ControlPlane;
import dev.rempart.operator.OperatorSettings;
import dev.rempart.operator.StartupGate;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A misconfigured installation, on an API server of its own: the CRDs missing, then an older CRD,
 * then the chart's RBAC with a verb removed (as a partial upgrade leaves it). Each time the
 * preflight names what is missing and what to do, the operator does not start meanwhile, and it
 * starts by itself once the installation is fixed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MisconfigurationIT {
  private static final String RELEASE_NAMESPACE = "rempart-system";
  private static final OperatorSettings SETTINGS =
      new OperatorSettings(Duration.ofMinutes(10), 2, Clock.systemUTC());
  private static DedicatedApiServer server;
  private static KubernetesClient admin;
  private static ChartRbac.Subject subject;

  @BeforeAll
  static void start() {
    server = DedicatedApiServer.start();
    admin = server.adminClient();
    subject = ChartRbac.apply(admin, RELEASE_NAMESPACE);
  }

  @AfterAll
  static void stop() throws Exception {
    admin.close();
    server.close();
  }

  /** The operator's view: the chart's ServiceAccount, by impersonation. */
  private static List<String> problems() {
    try (KubernetesClient operator =
        new KubernetesClientBuilder().withConfig(subject.impersonating(server.config())).build()) {
      return StartupGate.problemsOf(operator, SETTINGS, RELEASE_NAMESPACE);
    }
  }

  @Test
  @Order(1)
  void withoutTheCrdsThePreflightNamesThemAndHowToInstallThem() {
    List<String> problems = problems();
    System.out.println("CRDs missing: " + problems);
    assertThat(problems)
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("the CRD securitybaselines.rempart.dev (rempart.dev/v1alpha1)")
                    .contains("is not installed")
                    .contains("kubectl apply --server-side -f crds/"))
        .anySatisfy(p -> assertThat(p).contains("baselineexceptions.rempart.dev"));
  }

  @Test
  @Order(2)
  void anOlderCrdIsNamedWithTheFieldsItLacks() throws Exception {
    installCrds(
        schema -> {
          // The CRD as an older Rempart had it: without spec.network's defaultDeny.
          ((ObjectNode) schema.at("/properties/spec/properties/network/properties"))
              .remove("defaultDeny");
          return schema;
        });
    Awaitility.await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(
            () ->
                assertThat(problems())
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .contains("securitybaselines.rempart.dev installed is older")
                                .contains("spec.network.defaultDeny")
                                .contains("crds/")));
  }

  @Test
  @Order(3)
  void theChartsRbacWithTheCurrentCrdsPassesThePreflight() throws Exception {
    installCrds(UnaryOperator.identity());
    Awaitility.await().atMost(30, TimeUnit.SECONDS).until(() -> problems().isEmpty());
  }

  /**
   * A partial upgrade: the read ClusterRole without watch on pods. The gate holds the operator back
   * and names the verb; once the rule is back, it lets the operator start within its retry period.
   */
  @Test
  @Order(4)
  void aMissingVerbIsNamedAndTheGateOpensOnceItIsGranted() throws Exception {
    ClusterRole read = readRole();
    ClusterRole original = Serialization.clone(read);
    List<PolicyRule> rules = new ArrayList<>();
    for (PolicyRule rule : read.getRules()) {
      if (rule.getResources().contains("pods")) {
        PolicyRule others = Serialization.clone(rule);
        others.getResources().remove("pods");
        rules.add(others);
        rule.setResources(new ArrayList<>(List.of("pods")));
        rule.setVerbs(new ArrayList<>(List.of("get", "list")));
      }
      rules.add(rule);
    }
    read.setRules(rules);
    read.getMetadata().setManagedFields(null);
    read.getMetadata().setResourceVersion(null);
    admin.resource(read).update();
    Awaitility.await()
        .atMost(30, TimeUnit.SECONDS)
        .untilAsserted(
            () ->
                assertThat(problems())
                    .singleElement()
                    .asString()
                    .contains("may not watch pods (all namespaces)")
                    .contains("ClusterRole"));

    try (KubernetesClient operator =
        new KubernetesClientBuilder().withConfig(subject.impersonating(server.config())).build()) {
      StartupGate gate =
          new StartupGate(
              () -> StartupGate.problemsOf(operator, SETTINGS, RELEASE_NAMESPACE),
              Duration.ofSeconds(1));
      CompletableFuture<Integer> opened =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return gate.awaitPassing();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(3_000);
      assertThat(opened).as("held back while the verb is missing").isNotDone();
      long fixed = System.nanoTime();
      original.getMetadata().setManagedFields(null);
      original.getMetadata().setResourceVersion(null);
      admin.resource(original).update();
      int failedChecks = opened.get(30, TimeUnit.SECONDS);
      System.out.printf(
          "missing verb: held back for %d checks; started %d ms after the fix%n",
          failedChecks, (System.nanoTime() - fixed) / 1_000_000);
    }
  }

  private static ClusterRole readRole() {
    return admin.rbac().clusterRoles().list().getItems().stream()
        .filter(r -> r.getMetadata().getName().endsWith("-read"))
        .filter(r -> r.getMetadata().getName().startsWith("rempart-" + RELEASE_NAMESPACE))
        .findFirst()
        .orElseThrow();
  }

  /** Installs crds/ (the SecurityBaseline schema passed through {@code change}), waits served. */
  private static void installCrds(UnaryOperator<com.fasterxml.jackson.databind.JsonNode> change)
      throws Exception {
    Path crds = ControlPlane.repositoryRoot().resolve("crds");
    for (Path file : Files.list(crds).sorted().toList()) {
      CustomResourceDefinition crd =
          Serialization.unmarshal(Files.readString(file), CustomResourceDefinition.class);
      if (crd.getMetadata().getName().startsWith("securitybaselines.")) {
        var json = Serialization.jsonMapper().valueToTree(crd);
        var schemaPath = "/spec/versions/0/schema/openAPIV3Schema";
        var schema = change.apply(((ObjectNode) json).at(schemaPath).deepCopy());
        ((ObjectNode) json.at("/spec/versions/0/schema")).set("openAPIV3Schema", schema);
        crd = Serialization.jsonMapper().treeToValue(json, CustomResourceDefinition.class);
      }
      admin.resource(crd).forceConflicts().serverSideApply();
      String name = crd.getMetadata().getName();
      Awaitility.await()
          .atMost(30, TimeUnit.SECONDS)
          .until(
              () ->
                  established(
                      admin.apiextensions().v1().customResourceDefinitions().withName(name).get()));
    }
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
  }
}
