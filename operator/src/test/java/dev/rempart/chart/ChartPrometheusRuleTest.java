package dev.rempart.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's PrometheusRule: off by default; its rules pass Prometheus' own checker ({@code
 * promtool check rules}); each alert fires on the series the operator exports and stays quiet
 * otherwise ({@code promtool test rules}); each has a summary and a runbook section that exists in
 * docs/alerts.md.
 *
 * <p>promtool is the system property {@code rempart.promtool} (the Maven build sets it to {@code
 * ~/.cache/rempart/bin/promtool}, where {@code hack/promtool-binary.sh} builds it).
 */
class ChartPrometheusRuleTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static JsonNode rules;

  @TempDir Path dir;

  @BeforeAll
  static void render() throws IOException {
    String rendered =
        Helm.binary()
            .template(
                "rempart",
                "rempart-system",
                "--set=metrics.prometheusRule.enabled=true",
                "--set=metrics.prometheusRule.labels.release=prometheus",
                "--show-only=templates/prometheusrule.yaml");
    JsonNode rule = YAML.readTree(rendered);
    assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
    assertThat(rule.path("metadata").path("labels").path("release").asText())
        .isEqualTo("prometheus");
    rules = rule.path("spec");
  }

  @Test
  void thereIsNoRuleByDefault() {
    Helm.Result result =
        Helm.binary()
            .tryTemplate("rempart", "rempart-system", "--show-only=templates/prometheusrule.yaml");
    assertThat(result.succeeded()).isFalse();
    assertThat(result.stderr()).contains("could not find template");
  }

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    Path file = dir.resolve("rules.yaml");
    YAML.writeValue(file.toFile(), rules);

    Result check = promtool("check", "rules", file.toString());

    assertThat(check.exitCode()).as("promtool check rules:%n%s", check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS: 4 rules found");
  }

  @Test
  void eachAlertFiresOnTheOperatorsSeriesAndOnlyThen() throws Exception {
    // promtool compares annotations too; they are checked below, the expressions here.
    JsonNode withoutAnnotations = rules.deepCopy();
    for (JsonNode rule : withoutAnnotations.path("groups").get(0).path("rules")) {
      ((ObjectNode) rule).remove("annotations");
    }
    YAML.writeValue(dir.resolve("rules.yaml").toFile(), withoutAnnotations);
    Path tests = dir.resolve("tests.yaml");
    try (var in = getClass().getResourceAsStream("/alerts/rempart-alerts-test.yaml")) {
      Files.write(tests, in.readAllBytes());
    }

    Result test = promtool("test", "rules", tests.toString());

    assertThat(test.exitCode()).as("promtool test rules:%n%s", test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  @Test
  void everyAlertHasASummaryAndARunbookSectionThatExists() throws IOException {
    String runbooks =
        Files.readString(Helm.repositoryRoot().resolve("docs/alerts.md"), StandardCharsets.UTF_8);
    List<String> anchors = new ArrayList<>();
    Matcher heading = Pattern.compile("(?m)^## (\\S+)$").matcher(runbooks);
    while (heading.find()) {
      anchors.add(heading.group(1).toLowerCase());
    }
    List<String> alerts = new ArrayList<>();
    for (JsonNode rule : rules.path("groups").get(0).path("rules")) {
      String alert = rule.path("alert").asText();
      alerts.add(alert);
      JsonNode annotations = rule.path("annotations");
      assertThat(annotations.path("summary").asText()).as(alert).isNotBlank();
      assertThat(annotations.path("runbook_url").asText())
          .as(alert)
          .isEqualTo(
              "https://github.com/rempart-dev/rempart/blob/main/docs/alerts.md#"
                  + alert.toLowerCase());
    }
    assertThat(alerts)
        .containsExactly(
            "RempartCriticalFindingUnresolved",
            "RempartBaselineNotReady",
            "RempartEvaluationErrors",
            "RempartRepairsFailing");
    assertThat(anchors)
        .as("one runbook section per alert in docs/alerts.md")
        .containsExactlyInAnyOrderElementsOf(alerts.stream().map(String::toLowerCase).toList());
  }

  private record Result(int exitCode, String output) {}

  private Result promtool(String... args) throws Exception {
    String configured = System.getProperty("rempart.promtool", System.getenv("REMPART_PROMTOOL"));
    Path binary = configured == null ? null : Path.of(configured);
    if (binary == null || !Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "promtool "
              + binary
              + " not found: run `bash hack/promtool-binary.sh` (it builds promtool into"
              + " ~/.cache/rempart/bin) or pass -Drempart.promtool=/path/to/promtool");
    }
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("promtool-output.txt");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("promtool timed out: " + command);
    }
    return new Result(process.exitValue(), Files.readString(out));
  }
}
