package dev.rempart.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@code helm template} renders, value by value. */
class ChartRenderTest {
  static final String NS = "rempart-system";
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Comparator<JsonNode> SAME_NUMBER_OR_EQUAL =
      (a, b) ->
          a.isNumber() && b.isNumber()
              ? Double.compare(a.doubleValue(), b.doubleValue())
              : (a.equals(b) ? 0 : 1);

  private final Helm helm = Helm.binary();

  private RenderedChart render(String... values) {
    return RenderedChart.parse(helm.template("rempart", NS, values));
  }

  private static Container operator(RenderedChart chart) {
    return chart.only(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  @Test
  void defaultsRenderTheOperatorItsIdentityItsRbacItsServiceAndTheCrd() {
    RenderedChart chart = render();

    assertThat(chart.names())
        .containsExactlyInAnyOrder(
            "ServiceAccount/rempart",
            "NetworkPolicy/rempart-deny-all",
            "NetworkPolicy/rempart-operator",
            "CustomResourceDefinition/securitybaselines.rempart.dev",
            "CustomResourceDefinition/baselineexceptions.rempart.dev",
            "CustomResourceDefinition/vulnerabilityfirstseens.rempart.dev",
            "ClusterRole/rempart-read",
            "ClusterRole/rempart-write",
            "ClusterRoleBinding/rempart-read",
            "ClusterRoleBinding/rempart-write",
            "Role/rempart-leader-election",
            "RoleBinding/rempart-leader-election",
            "Service/rempart",
            "Deployment/rempart");
    assertThat(chart.only(ServiceAccount.class).getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(chart.only(Deployment.class).getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void theImageIsTheChartsAppVersionByDefaultAndTheDigestWhenGiven() throws Exception {
    String appVersion =
        YAML.readTree(Helm.chart().resolve("Chart.yaml").toFile()).get("appVersion").asText();
    String digest = "sha256:" + "ab".repeat(32);

    assertThat(operator(render()).getImage())
        .isEqualTo("ghcr.io/rempart-dev/rempart:" + appVersion);
    assertThat(operator(render("--set=image.tag=1.2.3")).getImage())
        .isEqualTo("ghcr.io/rempart-dev/rempart:1.2.3");
    assertThat(operator(render("--set=image.tag=1.2.3", "--set=image.digest=" + digest)).getImage())
        .as("a digest pins the image whatever the tag says")
        .isEqualTo("ghcr.io/rempart-dev/rempart@" + digest);
  }

  @Test
  void theOperatorArgumentsFollowTheValues() {
    assertThat(operator(render()).getArgs())
        .containsExactly(
            "operator",
            "--health-port=8081",
            "--metrics-port=8080",
            "--log-level=info",
            "--log-format=json",
            "--leader-election-namespace=$(POD_NAMESPACE)",
            "--report-format=openreports",
            "--report-max-results=100");

    assertThat(
            operator(
                    render(
                        "--set=logging.level=debug",
                        "--set=logging.format=text",
                        "--set=leaderElection.enabled=false",
                        "--set=service.healthPort=9000",
                        "--set=service.metricsPort=9090",
                        "--set=reports.format=wgpolicy",
                        "--set=reports.maxResults=20"))
                .getArgs())
        .containsExactly(
            "operator",
            "--health-port=9000",
            "--metrics-port=9090",
            "--log-level=debug",
            "--log-format=text",
            "--report-format=wgpolicy",
            "--report-max-results=20");
  }

  @Test
  void theReportCrdsOfTheChosenFormatAreInstalledOnlyWhenAsked() {
    assertThat(reportCrds(render())).isEmpty();
    assertThat(reportCrds(render("--set=reports.installCRDs=true")))
        .containsExactlyInAnyOrder("reports.openreports.io", "clusterreports.openreports.io");
    assertThat(
            reportCrds(render("--set=reports.installCRDs=true", "--set=reports.format=wgpolicy")))
        .containsExactlyInAnyOrder(
            "policyreports.wgpolicyk8s.io", "clusterpolicyreports.wgpolicyk8s.io");
    assertThat(reportCrds(render("--set=reports.installCRDs=true", "--set=reports.format=none")))
        .isEmpty();
    assertThat(
            render("--set=reports.installCRDs=true").all(CustomResourceDefinition.class).stream()
                .filter(c -> c.getSpec().getGroup().equals("openreports.io")))
        .allSatisfy(
            crd ->
                assertThat(crd.getMetadata().getAnnotations())
                    .as("kept on uninstall: other tools read the same reports")
                    .containsEntry("helm.sh/resource-policy", "keep"));
  }

  private static List<String> reportCrds(RenderedChart chart) {
    return chart.all(CustomResourceDefinition.class).stream()
        .map(c -> c.getMetadata().getName())
        .filter(n -> !n.endsWith(".rempart.dev"))
        .toList();
  }

  @Test
  void aListOfWatchedNamespacesIsRefusedUntilTheOperatorSupportsIt() {
    Helm.Result result = helm.tryTemplate("rempart", NS, "--set=watchNamespaces={team-a}");
    assertThat(result.succeeded()).isFalse();
    assertThat(result.stderr()).contains("watchNamespaces is not supported by this version");
  }

  @Test
  void podNamespaceComesFromTheDownwardApiForTheLeaseNamespace() {
    var env = operator(render()).getEnv();
    assertThat(env)
        .filteredOn(e -> e.getName().equals("POD_NAMESPACE"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                    .isEqualTo("metadata.namespace"));
  }

  @Test
  void leaderElectionOffDropsTheLeaseRole() {
    RenderedChart chart = render("--set=leaderElection.enabled=false");
    assertThat(chart.all(Role.class)).isEmpty();
  }

  @Test
  void moreThanOneReplicaWithoutLeaderElectionIsRefused() {
    Helm.Result result =
        helm.tryTemplate(
            "rempart", NS, "--set=replicaCount=2", "--set=leaderElection.enabled=false");
    assertThat(result.succeeded()).isFalse();
    assertThat(result.stderr()).contains("replicaCount > 1 needs leaderElection.enabled=true");

    assertThat(render("--set=replicaCount=3").only(Deployment.class).getSpec().getReplicas())
        .isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(strings = {"securitybaselines.rempart.dev", "baselineexceptions.rempart.dev"})
  void theCrdIsTheGeneratedOneKeptOnUninstall(String name) throws Exception {
    String file = "files/crds/" + name + ".yaml";
    JsonNode committed = YAML.readTree(Helm.chart().resolve(file).toFile());
    // Compared as plain YAML trees. Helm's fromYaml/toYaml writes the generator's 65535.0 as 65535:
    // the same JSON number, so numbers are compared by value.
    List<JsonNode> crds = new ArrayList<>();
    try (MappingIterator<JsonNode> docs =
        YAML.readerFor(JsonNode.class).readValues(helm.template("rempart", NS))) {
      docs.forEachRemaining(
          d -> {
            if (d != null
                && "CustomResourceDefinition".equals(d.path("kind").asText())
                && name.equals(d.at("/metadata/name").asText())) {
              crds.add(d);
            }
          });
    }

    assertThat(crds).hasSize(1);
    JsonNode rendered = crds.get(0);
    assertThat(rendered.at("/metadata/annotations/helm.sh~1resource-policy").asText())
        .isEqualTo("keep");
    assertThat(rendered.at("/metadata/name")).isEqualTo(committed.at("/metadata/name"));
    assertThat(rendered.get("spec").equals(SAME_NUMBER_OR_EQUAL, committed.get("spec")))
        .as("the rendered CRD spec is the generated one, unchanged by the template")
        .isTrue();
    assertThat(Files.readString(Helm.chart().resolve(file)))
        .as("the chart's copy is the repository's crds/ copy")
        .isEqualTo(Files.readString(Helm.repositoryRoot().resolve("crds/" + name + ".yaml")));
  }

  @Test
  void crdsInstallFalseLeavesTheCrdOut() {
    assertThat(render("--set=crds.install=false").all(CustomResourceDefinition.class)).isEmpty();
  }

  @Test
  void rbacAndServiceAccountCanBeLeftToTheUser() {
    RenderedChart chart =
        render(
            "--set=rbac.create=false",
            "--set=serviceAccount.create=false",
            "--set=serviceAccount.name=platform-rempart");
    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.all(Role.class)).isEmpty();
    assertThat(chart.all(ServiceAccount.class)).isEmpty();
    assertThat(
            chart.only(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("platform-rempart");

    Helm.Result noName = helm.tryTemplate("rempart", NS, "--set=serviceAccount.create=false");
    assertThat(noName.succeeded()).isFalse();
    assertThat(noName.stderr())
        .contains("serviceAccount.name must name an existing ServiceAccount");
  }

  @Test
  void theServiceExposesMetricsAndHealthToThePods() {
    RenderedChart chart = render();
    Service service = chart.only(Service.class);
    assertThat(service.getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort() + "->" + p.getTargetPort().getStrVal())
        .containsExactly("http-metrics:8080->http-metrics", "http-health:8081->http-health");
    assertThat(service.getSpec().getSelector())
        .isEqualTo(chart.only(Deployment.class).getSpec().getSelector().getMatchLabels());
    assertThat(operator(chart).getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("http-metrics:8080", "http-health:8081");
  }

  @Test
  void serviceMonitorAndDisruptionBudgetAreOptIn() {
    RenderedChart off = render();
    assertThat(off.all(GenericKubernetesResource.class)).isEmpty();
    assertThat(off.all(PodDisruptionBudget.class)).isEmpty();

    RenderedChart on =
        render(
            "--set=serviceMonitor.enabled=true",
            "--set=serviceMonitor.interval=30s",
            "--set=serviceMonitor.labels.release=prometheus",
            "--set=podDisruptionBudget.enabled=true");
    GenericKubernetesResource monitor = on.only(GenericKubernetesResource.class);
    assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
    assertThat(endpoints)
        .containsExactly(Map.of("port", "http-metrics", "path", "/metrics", "interval", "30s"));
    PodDisruptionBudget pdb = on.only(PodDisruptionBudget.class);
    assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(on.only(Deployment.class).getSpec().getSelector().getMatchLabels());
  }

  @Test
  void extraLabelsAndAnnotationsLandWhereTheySayButNeverReplaceTheSelector() {
    RenderedChart chart =
        render(
            "--set=commonLabels.team=security",
            "--set=podLabels.tier=ops",
            "--set=podLabels.app\\.kubernetes\\.io/name=other",
            "--set=podAnnotations.example\\.com/owner=security");
    Deployment deployment = chart.only(Deployment.class);
    var pod = deployment.getSpec().getTemplate().getMetadata();

    assertThat(chart.objects())
        .allSatisfy(o -> assertThat(o.getMetadata().getLabels()).containsEntry("team", "security"));
    assertThat(pod.getLabels())
        .containsEntry("tier", "ops")
        .containsEntry("team", "security")
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", "rempart");
    assertThat(pod.getAnnotations()).containsEntry("example.com/owner", "security");
    assertThat(deployment.getMetadata().getLabels()).doesNotContainKey("tier");
  }

  @Test
  void schedulingValuesReachThePod() {
    var pod =
        render(
                "--set=nodeSelector.kubernetes\\.io/os=linux",
                "--set=tolerations[0].key=dedicated",
                "--set=tolerations[0].operator=Exists",
                "--set=affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                    + ".nodeSelectorTerms[0].matchExpressions[0].key=pool",
                "--set=affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                    + ".nodeSelectorTerms[0].matchExpressions[0].operator=Exists",
                "--set=priorityClassName=system-cluster-critical",
                "--set=imagePullSecrets[0].name=regcred")
            .only(Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec();

    assertThat(pod.getNodeSelector()).isEqualTo(Map.of("kubernetes.io/os", "linux"));
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
    assertThat(
            pod.getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms()
                .get(0)
                .getMatchExpressions()
                .get(0)
                .getKey())
        .isEqualTo("pool");
    assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
    assertThat(pod.getImagePullSecrets())
        .singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo("regcred"));
  }
}
