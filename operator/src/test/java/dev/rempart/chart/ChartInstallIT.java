package dev.rempart.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The life of a release on a real API server: install, upgrade, uninstall, install again. The steps
 * build on each other, so they run in order. No controller-manager runs, so nothing waits for pods
 * ({@code --wait} is never used): the chart's objects are checked as the API server stored them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChartInstallIT {
  static final String NS = "rempart-system";
  static final String RELEASE = "rempart";
  static final String CRD = "securitybaselines.rempart.dev";
  static final String CRD_FILE = "files/crds/" + CRD + ".yaml";
  static final List<String> REPORT_CRDS =
      List.of("reports.openreports.io", "clusterreports.openreports.io");

  /** Text of the generated CRD that the "previous version" of the chart does not have. */
  static final String CURRENT_TEXT = "Audit (default) only reports drift";

  static DedicatedApiServer server;
  static KubernetesClient admin;
  static Helm helm;
  @TempDir static Path previousChart;

  @BeforeAll
  static void start() {
    server = DedicatedApiServer.start();
    admin = server.adminClient();
    helm = Helm.binary();
  }

  @AfterAll
  static void stop() throws Exception {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static Helm.Result helm(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--namespace", NS, "--kubeconfig", server.kubeconfigFile().toString()));
    return helm.run(all).orThrow();
  }

  @Test
  @Order(1)
  void installCreatesTheOperatorAndAnEstablishedCrd() throws Exception {
    copyChartWithAnOlderCrd(previousChart);

    Helm.Result install = helm("install", RELEASE, previousChart.toString(), "--create-namespace");

    assertThat(install.stdout())
        .as("NOTES.txt says what to do next")
        .contains("kubectl apply -f", "examples/saas-addendum.yaml", "kubectl get sbl");
    CustomResourceDefinition crd = waitForEstablishedCrd();
    assertThat(crd.getMetadata().getAnnotations())
        .containsEntry("helm.sh/resource-policy", "keep")
        .containsEntry("meta.helm.sh/release-name", RELEASE);
    assertThat(modeDescription(crd)).doesNotContain(CURRENT_TEXT).contains("PREVIOUS VERSION");
    Deployment deployment = admin.apps().deployments().inNamespace(NS).withName(RELEASE).get();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(admin.serviceAccounts().inNamespace(NS).withName(RELEASE).get()).isNotNull();
    assertThat(admin.rbac().clusterRoles().withName(RELEASE + "-read").get()).isNotNull();
    assertThat(admin.rbac().clusterRoles().withName(RELEASE + "-write").get()).isNotNull();
    assertThat(admin.rbac().roles().inNamespace(NS).withName(RELEASE + "-leader-election").get())
        .isNotNull();
    assertThat(admin.services().inNamespace(NS).withName(RELEASE).get()).isNotNull();
  }

  @Test
  @Order(2)
  void baselinesAndTheExamplesApplyOnceTheCrdIsThere() {
    SecurityBaseline baseline =
        (SecurityBaseline)
            ManifestReader.parse(
                    """
                    apiVersion: rempart.dev/v1alpha1
                    kind: SecurityBaseline
                    metadata: {name: users-baseline}
                    spec:
                      namespaceSelector:
                        matchLabels: {rempart.dev/governed: "true"}
                      network: {}
                    """)
                .get(0);
    admin.resource(baseline).create();

    for (HasMetadata example : examples()) {
      admin.resource(example).fieldManager("rempart-tests").forceConflicts().serverSideApply();
    }
    assertThat(admin.resources(SecurityBaseline.class).list().getItems())
        .extracting(b -> b.getMetadata().getName())
        .contains("users-baseline");
  }

  @Test
  @Order(3)
  void upgradeAppliesChangedValuesAndUpgradesTheCrd() throws Exception {
    helm(
        "upgrade",
        RELEASE,
        Helm.chart().toString(),
        "--set=replicaCount=2",
        "--set=logging.level=debug",
        "--set=logging.format=text",
        "--set=reports.installCRDs=true");

    Deployment deployment = admin.apps().deployments().inNamespace(NS).withName(RELEASE).get();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .contains("--log-level=debug", "--log-format=text");
    CustomResourceDefinition crd = waitForEstablishedCrd();
    assertThat(modeDescription(crd))
        .as("helm upgrade upgrades the CRD (it is a template, not in crds/)")
        .contains(CURRENT_TEXT);
    assertThat(helm("history", RELEASE, "--output", "json").stdout()).contains("\"revision\":2");
    for (String reportCrd : REPORT_CRDS) {
      assertThat(waitForEstablishedCrd(reportCrd).getMetadata().getAnnotations())
          .as("the API server accepts the report CRD the chart installs")
          .containsEntry("helm.sh/resource-policy", "keep");
    }
  }

  @Test
  @Order(4)
  void uninstallKeepsTheCrdAndTheUsersBaselines() {
    Helm.Result uninstall = helm("uninstall", RELEASE);

    assertThat(uninstall.stdout()).contains("kept due to the resource policy").contains(CRD);
    for (String reportCrd : REPORT_CRDS) {
      assertThat(admin.apiextensions().v1().customResourceDefinitions().withName(reportCrd).get())
          .as("other tools read the same reports: the report CRDs stay")
          .isNotNull();
    }
    assertThat(admin.apiextensions().v1().customResourceDefinitions().withName(CRD).get())
        .isNotNull();
    assertThat(admin.resources(SecurityBaseline.class).withName("users-baseline").get())
        .as("a baseline survives helm uninstall")
        .isNotNull();
    assertThat(admin.apps().deployments().inNamespace(NS).withName(RELEASE).get()).isNull();
    assertThat(admin.rbac().clusterRoles().withName(RELEASE + "-read").get()).isNull();
    assertThat(admin.rbac().clusterRoles().withName(RELEASE + "-write").get()).isNull();
  }

  @Test
  @Order(5)
  void installingAgainAdoptsTheKeptCrd() {
    helm("install", RELEASE, Helm.chart().toString());

    assertThat(admin.apps().deployments().inNamespace(NS).withName(RELEASE).get()).isNotNull();
    assertThat(waitForEstablishedCrd().getMetadata().getAnnotations())
        .containsEntry("meta.helm.sh/release-name", RELEASE);
    assertThat(admin.resources(SecurityBaseline.class).withName("users-baseline").get())
        .isNotNull();
  }

  private static CustomResourceDefinition waitForEstablishedCrd() {
    return waitForEstablishedCrd(CRD);
  }

  private static CustomResourceDefinition waitForEstablishedCrd(String name) {
    return admin
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .withName(name)
        .waitUntilCondition(
            c ->
                c != null
                    && c.getStatus() != null
                    && c.getStatus().getConditions() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            s -> "Established".equals(s.getType()) && "True".equals(s.getStatus())),
            30,
            TimeUnit.SECONDS);
  }

  private static String modeDescription(CustomResourceDefinition crd) {
    JSONSchemaProps spec =
        crd.getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("spec");
    return spec.getProperties().get("mode").getDescription();
  }

  /**
   * A copy of the chart whose CRD differs from the current one, standing in for the previous
   * release of the chart: upgrading from it must bring the cluster's CRD up to date.
   */
  private static void copyChartWithAnOlderCrd(Path target) throws IOException {
    Path source = Helm.chart();
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.sorted(Comparator.naturalOrder()).toList()) {
        Path copy = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(file, copy);
        }
      }
    }
    Path crd = target.resolve(CRD_FILE);
    String text = Files.readString(crd);
    assertThat(text).contains(CURRENT_TEXT);
    Files.writeString(crd, text.replace(CURRENT_TEXT, "PREVIOUS VERSION"));
  }

  /** Every manifest directly under examples/ (the GitOps examples need Argo CD or Flux CRDs). */
  private static List<HasMetadata> examples() {
    Path folder = Helm.repositoryRoot().resolve("examples");
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      List<HasMetadata> all = new ArrayList<>();
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        all.addAll(ManifestReader.parse(Files.readString(file)));
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
