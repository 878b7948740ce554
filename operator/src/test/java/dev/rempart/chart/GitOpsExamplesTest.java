package dev.rempart.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The files of examples/gitops/: they parse, the chart values they set pass the chart's schema, and
 * they install the operator before the baseline.
 */
class GitOpsExamplesTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final Path GITOPS = Helm.repositoryRoot().resolve("examples/gitops");

  private final Helm helm = Helm.binary();

  @Test
  void everyFileParses() throws IOException {
    try (Stream<Path> files = Files.walk(GITOPS)) {
      List<Path> yamls = files.filter(f -> f.toString().matches(".*\\.ya?ml$")).sorted().toList();
      assertThat(yamls).hasSizeGreaterThanOrEqualTo(5);
      for (Path file : yamls) {
        assertThat(documents(file)).as("%s", file).isNotEmpty();
      }
    }
  }

  @Test
  void argoCdInstallsTheChartInWaveZeroThenTheBaselineInWaveOne() throws Exception {
    List<JsonNode> apps = documents(GITOPS.resolve("argocd/applications.yaml"));
    JsonNode chart = named(apps, "Application", "rempart");
    JsonNode baselines = named(apps, "Application", "rempart-baselines");

    assertThat(wave(chart)).isLessThan(wave(baselines));
    assertThat(Helm.repositoryRoot().resolve(chart.at("/spec/source/path").asText()))
        .as("the chart path in the Application")
        .isEqualTo(Helm.chart());
    assertThat(baselines.at("/spec/syncPolicy/syncOptions").toString())
        .contains("SkipDryRunOnMissingResource=true");
    assertThat(baselines.at("/spec/source/path").asText()).isEqualTo("examples");
    assertThat(baselines.at("/spec/source/directory/include").asText())
        .isEqualTo("saas-addendum.yaml");
    assertValuesPassTheChart(chart.at("/spec/source/helm/valuesObject"));
  }

  @Test
  void fluxAppliesTheBaselineOnlyAfterTheHelmReleaseIsReady() throws Exception {
    Path flux = GITOPS.resolve("flux");
    List<JsonNode> cluster = documents(flux.resolve("clusters/production/rempart.yaml"));
    List<JsonNode> operator = documents(flux.resolve("infrastructure/rempart/operator.yaml"));
    JsonNode operatorKustomization = named(cluster, "Kustomization", "rempart");
    JsonNode baselineKustomization = named(cluster, "Kustomization", "rempart-baselines");
    JsonNode release = named(operator, "HelmRelease", "rempart");
    JsonNode chartSource = named(operator, "OCIRepository", "rempart-chart");

    assertThat(baselineKustomization.at("/spec/dependsOn/0/name").asText()).isEqualTo("rempart");
    assertThat(operatorKustomization.at("/spec/wait").asBoolean())
        .as("dependsOn waits for readiness only when the operator's Kustomization waits")
        .isTrue();
    assertThat(flux.resolve(operatorKustomization.at("/spec/path").asText()))
        .as("the operator Kustomization applies the folder of operator.yaml")
        .isEqualTo(flux.resolve("./infrastructure/rempart"));
    assertThat(release.at("/spec/chartRef/name").asText())
        .isEqualTo(chartSource.at("/metadata/name").asText());
    assertThat(release.at("/metadata/namespace")).isEqualTo(chartSource.at("/metadata/namespace"));
    assertValuesPassTheChart(release.at("/spec/values"));
  }

  @Test
  void ciPipelinesUploadSarifAndFailAtHigh() throws Exception {
    JsonNode github = documents(GITOPS.resolve("ci/github-actions.yaml")).get(0);
    JsonNode steps = github.at("/jobs/audit/steps");
    JsonNode audit = step(steps, "Audit (SARIF and Markdown)");
    JsonNode upload = step(steps, "Upload the SARIF report");
    JsonNode verdict = step(steps, "Fail on new findings of severity high and above");

    assertThat(audit.get("run").asText())
        .contains("audit -f", "-o sarif", "-o markdown", "--fail-on high", "--baseline-findings");
    assertThat(step(steps, "Comment on the pull request").get("run").asText())
        .contains("gh pr comment");
    assertThat(upload.get("uses").asText()).startsWith("github/codeql-action/upload-sarif@");
    assertThat(upload.get("if").asText()).contains("always()");
    assertThat(verdict.get("if").asText()).contains("steps.audit.outputs.exit-code != '0'");
    assertThat(github.at("/permissions/security-events").asText()).isEqualTo("write");

    JsonNode gitlab = documents(GITOPS.resolve("ci/gitlab-ci.yml")).get(0).get("rempart-audit");
    List<String> script = new ArrayList<>();
    gitlab.get("script").forEach(s -> script.add(s.asText()));
    assertThat(script).anyMatch(s -> s.contains("-o sarif") && s.contains("> rempart.sarif"));
    assertThat(script.get(script.size() - 1)).contains("--fail-on high");
    assertThat(gitlab.at("/artifacts/when").asText()).isEqualTo("always");
    assertThat(gitlab.at("/artifacts/reports/junit").asText()).isEqualTo("rempart-junit.xml");
  }

  private void assertValuesPassTheChart(JsonNode values) throws IOException {
    assertThat(values.isObject()).as("chart values").isTrue();
    Path file = Files.createTempFile(Path.of("target"), "gitops-values", ".yaml");
    try {
      YAML.writeValue(file.toFile(), values);
      Helm.Result result = helm.tryTemplate("rempart", "rempart-system", "--values=" + file);
      assertThat(result.succeeded())
          .as("helm template with %s:%n%s", values, result.stderr())
          .isTrue();
    } finally {
      Files.delete(file);
    }
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      it.forEachRemaining(
          d -> {
            if (d != null && !d.isNull() && !d.isMissingNode()) {
              documents.add(d);
            }
          });
    }
    return documents;
  }

  private static JsonNode named(List<JsonNode> documents, String kind, String name) {
    return documents.stream()
        .filter(d -> kind.equals(d.path("kind").asText()))
        .filter(d -> name.equals(d.at("/metadata/name").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
  }

  private static int wave(JsonNode application) {
    return Integer.parseInt(
        application.at("/metadata/annotations/argocd.argoproj.io~1sync-wave").asText());
  }

  private static JsonNode step(JsonNode steps, String name) {
    for (JsonNode step : steps) {
      if (name.equals(step.path("name").asText())) {
        return step;
      }
    }
    throw new AssertionError("no step named " + name);
  }
}
