package dev.rempart.chart;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.rempart.cli.OperatorCommand;
import dev.rempart.operator.RecordSettings;
import dev.rempart.operator.policyreports.ReportSettings;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The arguments the chart gives the container are parsed by the operator's own command line, so a
 * flag the operator does not know (or a value it refuses) fails here rather than in a crash-looping
 * pod. The image's entrypoint is {@code java -jar rempart.jar}: the first argument is the
 * subcommand.
 */
class ChartOperatorArgsTest {
  private final Helm helm = Helm.binary();

  static Stream<Arguments> valueSets() {
    return Stream.of(
        Arguments.of("defaults", List.of()),
        Arguments.of(
            "everything changed",
            List.of(
                "--set=logging.level=trace",
                "--set=logging.format=text",
                "--set=leaderElection.enabled=false",
                "--set=service.healthPort=9000",
                "--set=service.metricsPort=9090")),
        Arguments.of("secrets opt-in", List.of("--set=rbac.secretsMetadata=true")),
        Arguments.of(
            "older policy reports",
            List.of("--set=reports.format=wgpolicy", "--set=reports.maxResults=500")),
        Arguments.of("no reports", List.of("--set=reports.format=none")),
        Arguments.of("record to standard output", List.of("--set=record.sink=stdout")),
        Arguments.of(
            "record to a bucket",
            List.of(
                "--set=record.sink=s3",
                "--set=record.s3.bucket=audit-logs",
                "--set=record.s3.endpoint=https://s3.example.com",
                "--set=record.s3.region=eu-west-3",
                "--set=record.s3.retentionDays=400",
                "--set=record.anchorIntervalMinutes=15")),
        Arguments.of("warn level", List.of("--set=logging.level=warn")),
        Arguments.of("error level", List.of("--set=logging.level=error")),
        Arguments.of("debug level", List.of("--set=logging.level=debug")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void theOperatorAcceptsEveryArgumentTheChartPasses(String description, List<String> values) {
    List<String> args =
        RenderedChart.parse(
                helm.template("rempart", "rempart-system", values.toArray(String[]::new)))
            .only(Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getArgs();
    CommandLine operator = new CommandLine(new OperatorCommand());

    assertThat(args.get(0)).isEqualTo(operator.getCommandName());
    ParseResult parsed = operator.parseArgs(args.subList(1, args.size()).toArray(String[]::new));

    assertThat(parsed.unmatched()).isEmpty();
    String level = parsed.matchedOptionValue("--log-level", "INFO");
    assertThat(Level.toLevel(level, null)).as("--log-level=%s", level).isNotNull();
    Object healthPort = parsed.matchedOptionValue("--health-port", 8081);
    assertThat(healthPort)
        .isEqualTo(values.contains("--set=service.healthPort=9000") ? 9000 : 8081);
    Object metricsPort = parsed.matchedOptionValue("--metrics-port", -1);
    assertThat(metricsPort)
        .as("the operator serves /metrics on the port the Service and container declare")
        .isEqualTo(values.contains("--set=service.metricsPort=9090") ? 9090 : 8080);
    boolean leaderElection = !values.contains("--set=leaderElection.enabled=false");
    assertThat(parsed.hasMatchedOption("--leader-election-namespace")).isEqualTo(leaderElection);
    assertThat(parsed.hasMatchedOption("--secret-metadata"))
        .as("the operator watches Secrets exactly when the chart grants it")
        .isEqualTo(values.contains("--set=rbac.secretsMetadata=true"));
    String format =
        values.stream()
            .filter(v -> v.startsWith("--set=reports.format="))
            .map(v -> v.substring("--set=reports.format=".length()))
            .findFirst()
            .orElse("openreports");
    assertThat(parsed.matchedOptionValue("--report-format", ""))
        .as("the operator writes the report format the chart grants RBAC for")
        .isEqualTo(format);
    int maxResults = parsed.matchedOptionValue("--report-max-results", -1);
    assertThat(ReportSettings.MAX_MAX_RESULTS).isGreaterThanOrEqualTo(maxResults);
    assertThat(maxResults).isEqualTo(values.contains("--set=reports.maxResults=500") ? 500 : 100);
    String sink =
        values.stream()
            .filter(v -> v.startsWith("--set=record.sink="))
            .map(v -> v.substring("--set=record.sink=".length()))
            .findFirst()
            .orElse("none");
    assertThat(parsed.matchedOptionValue("--record", "none"))
        .as("the operator keeps the record the chart grants its head's ConfigMap for")
        .isEqualTo(sink);
    OperatorCommand command = operator.getCommand();
    RecordSettings record = command.recordSettings(Map.of("POD_NAMESPACE", "rempart-system"));
    assertThat(record.enabled()).isEqualTo(!sink.equals("none"));
    if (values.contains("--set=record.anchorIntervalMinutes=15")) {
      assertThat(record.anchorInterval()).isEqualTo(Duration.ofMinutes(15));
    }
  }
}
