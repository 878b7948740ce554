package dev.rempart.cli.audit;

import static dev.rempart.cli.audit.AuditFixtures.NO_DEFAULT_DENY;
import static dev.rempart.cli.audit.AuditFixtures.audit;
import static dev.rempart.cli.audit.AuditFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A repository holds more than manifests: what is not a Kubernetes object is skipped with its
 * reason in every format, never an error, and the findings decide the exit code.
 */
class NotManifestsAuditTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private Path repo;

  @BeforeEach
  void repository() {
    repo = dir.resolve("repo");
    write(repo, "deploy/app.yaml", NO_DEFAULT_DENY);
    // kustomize, by name (with and without apiVersion) and by group
    write(repo, "deploy/kustomization.yaml", "resources:\n- app.yaml\n");
    write(
        repo,
        "overlays/prod/kustomization.yml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../../deploy]\n"
            + "patches: [{path: replicas.yaml}]\n");
    // A patch looks like a Deployment but is a part of one: read as an object it would replace
    // the whole Deployment (the last of two wins) and hide its findings.
    write(
        repo,
        "overlays/prod/replicas.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\n"
            + "spec: {replicas: 3}\n");
    write(
        repo,
        "components/tls.yaml",
        "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\npatches: []\n");
    // A Helm chart: its templates are not YAML
    write(repo, "charts/shop/Chart.yaml", "apiVersion: v2\nname: shop\nversion: 1.0.0\n");
    write(repo, "charts/shop/values.yaml", "replicaCount: 1\nimage: {repository: shop}\n");
    write(
        repo,
        "charts/shop/templates/deployment.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include \"shop.fullname\" . }}\n");
    // Application configs, a top-level list, a scheduler policy
    write(repo, "config/application.yaml", "server:\n  port: 8080\nspring: {profiles: dev}\n");
    write(repo, "config/hosts.yaml", "- a.example.com\n- b.example.com\n");
    write(repo, "config/package.json", "{\"name\": \"web\", \"version\": \"1.0.0\"}\n");
    write(
        repo,
        "scheduler/policy.json",
        "{\"kind\": \"Policy\", \"apiVersion\": \"v1\", \"predicates\": [{\"name\": \"PodFitsPorts\"}]}\n");
  }

  private static final List<String> REASONS =
      List.of("not-kubernetes", "kustomization", "helm-chart", "configuration");

  private CliRun.Result run(String format, String... extra) {
    List<String> args = new ArrayList<>(List.of("-f", repo.toString(), "-o", format));
    args.addAll(List.of(extra));
    return audit(args.toArray(String[]::new));
  }

  @Test
  void jsonCountsAndListsThemWithTheirReasonAndHint() throws IOException {
    CliRun.Result r = run("json");
    // The Deployment's namespace has no default deny: a high finding, and nothing else wrong.
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(r.err()).isEmpty();
    JsonNode json = JSON.readTree(r.out());
    assertThat(AuditFormatsTest.auditSchema().validate(json)).isEmpty();
    assertThat(json.has("errors")).isFalse();
    assertThat(json.at("/summary/input/objects").asInt()).isEqualTo(1);
    assertThat(json.at("/summary/input/duplicates").asInt()).isZero();
    assertThat(json.at("/summary/input/notManifests").asInt()).isEqualTo(9);
    JsonNode byReason = json.at("/summary/input/notManifestsByReason");
    assertThat(byReason.get("not-kubernetes").asInt()).isEqualTo(3);
    assertThat(byReason.get("kustomization").asInt()).isEqualTo(4);
    assertThat(byReason.get("helm-chart").asInt()).isEqualTo(1);
    assertThat(byReason.get("configuration").asInt()).isEqualTo(1);
    List<String> listed = new ArrayList<>();
    json.get("notManifests")
        .forEach(
            n ->
                listed.add(
                    n.get("file").asText().replace(repo + "/", "")
                        + " "
                        + n.get("reason").asText()));
    assertThat(listed)
        .containsExactly(
            "charts/shop helm-chart",
            "components/tls.yaml kustomization",
            "config/application.yaml not-kubernetes",
            "config/hosts.yaml not-kubernetes",
            "config/package.json not-kubernetes",
            "deploy/kustomization.yaml kustomization",
            "overlays/prod/kustomization.yml kustomization",
            "overlays/prod/replicas.yaml kustomization",
            "scheduler/policy.json configuration");
    JsonNode chart = json.get("notManifests").get(0);
    assertThat(chart.has("line")).isFalse();
    assertThat(chart.get("hint").asText()).contains("helm template");
    assertThat(json.get("notManifests").get(1).get("hint").asText()).contains("kustomize build");
    assertThat(json.get("notManifests").get(1).get("line").asInt()).isEqualTo(1);
  }

  @Test
  void failOnStillDecidesTheExitCode() {
    assertThat(run("table", "--fail-on", "none").exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run("table", "--fail-on", "high").exitCode()).isEqualTo(ExitCodes.FINDINGS);
  }

  @Test
  void theTableAndMarkdownSayHowManyAndWhy() {
    String table = run("table").out();
    assertThat(table)
        .contains("Skipped 9 inputs that are not Kubernetes manifests:")
        .contains("4 Kustomization files (" + repo + "/components/tls.yaml")
        .contains("pipe `kustomize build DIR |")
        .contains("1 Helm charts (templates, not manifests) (" + repo + "/charts/shop)")
        .contains("render it with `helm template")
        .doesNotContain("Could not read");
    String markdown = run("markdown").out();
    assertThat(markdown)
        .startsWith("### Rempart audit failed")
        .contains("Skipped 9 inputs that are not Kubernetes manifests:")
        .contains("- 3 YAML or JSON that is not a Kubernetes object");
  }

  @Test
  void sarifHasANoteAndJunitASkippedCaseForEach() throws Exception {
    JsonNode sarif = JSON.readTree(run("sarif").out());
    assertThat(AuditFormatsTest.validateSarif(sarif)).isEmpty();
    JsonNode invocation = sarif.at("/runs/0/invocations/0");
    assertThat(invocation.get("executionSuccessful").asBoolean()).isTrue();
    List<String> ids = new ArrayList<>();
    invocation
        .get("toolExecutionNotifications")
        .forEach(
            n -> {
              assertThat(n.get("level").asText()).isEqualTo("note");
              ids.add(n.at("/descriptor/id").asText());
            });
    assertThat(ids).hasSize(9);
    assertThat(ids.stream().map(id -> id.replace("input/", "")).distinct().toList())
        .containsExactlyInAnyOrderElementsOf(REASONS);

    Document xml = AuditFormatsTest.parseXml(run("junit").out());
    assertThat(xml.getDocumentElement().getAttribute("errors")).isEqualTo("0");
    NodeList suites = xml.getElementsByTagName("testsuite");
    Element input = (Element) suites.item(suites.getLength() - 1);
    assertThat(input.getAttribute("name")).isEqualTo("input");
    assertThat(input.getAttribute("skipped")).isEqualTo("9");
    assertThat(input.getElementsByTagName("skipped").getLength()).isEqualTo(9);
  }

  @Test
  void aFileInsideAChartNamedDirectlyIsSkippedToo() throws IOException {
    CliRun.Result r =
        audit(
            "-f",
            repo.resolve("charts/shop/templates/deployment.yaml").toString(),
            "-f",
            repo.resolve("deploy/app.yaml").toString(),
            "-o",
            "json");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.FINDINGS);
    JsonNode skipped = JSON.readTree(r.out()).get("notManifests");
    assertThat(skipped).hasSize(1);
    assertThat(skipped.get(0).get("reason").asText()).isEqualTo("helm-chart");
  }

  @Test
  void anUnrenderedTemplateOutsideAChartIsAnErrorWithTheHint() throws IOException {
    Path template =
        write(
            dir,
            "loose/deployment.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n");
    CliRun.Result r = audit("-f", template.toString(), "-o", "json");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    JsonNode error = JSON.readTree(r.out()).get("errors").get(0);
    assertThat(error.get("line").asInt()).isEqualTo(4);
    assertThat(error.get("message").asText())
        .contains("line 4 holds `{{`")
        .contains("helm template")
        .doesNotContain("org.yaml");
  }
}
