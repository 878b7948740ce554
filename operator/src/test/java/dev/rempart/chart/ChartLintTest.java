package dev.rempart.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code helm lint --strict} passes with the defaults and with every optional part switched on. */
class ChartLintTest {
  private final Helm helm = Helm.binary();

  static Stream<Arguments> valueSets() {
    return Stream.of(
        Arguments.of("defaults", List.of()),
        Arguments.of(
            "every option on",
            List.of(
                "--set=replicaCount=2",
                "--set=serviceMonitor.enabled=true",
                "--set=serviceMonitor.interval=30s",
                "--set=metrics.prometheusRule.enabled=true",
                "--set=metrics.prometheusRule.labels.release=prometheus",
                "--set=podDisruptionBudget.enabled=true",
                "--set=rbac.secretsMetadata=true",
                "--set=rbac.allowBindingRemoval=true",
                "--set=image.digest=sha256:" + "0".repeat(64),
                "--set=priorityClassName=system-cluster-critical",
                "--set=commonLabels.team=security",
                "--set=podAnnotations.example\\.com/owner=security")),
        Arguments.of(
            "optional parts off",
            List.of(
                "--set=leaderElection.enabled=false",
                "--set=crds.install=false",
                "--set=rbac.create=false",
                "--set=serviceAccount.create=false",
                "--set=serviceAccount.name=existing")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void lintIsCleanInStrictMode(String description, List<String> values) {
    List<String> args = new ArrayList<>(List.of("lint", "--strict", Helm.chart().toString()));
    args.addAll(values);

    Helm.Result result = helm.run(args);

    assertThat(result.exitCode()).as("helm lint --strict (%s):%n%s", description, result).isZero();
    assertThat(result.stdout())
        .as("no warning or error")
        .doesNotContain("[WARNING]")
        .doesNotContain("[ERROR]")
        .contains("1 chart(s) linted, 0 chart(s) failed");
  }
}
