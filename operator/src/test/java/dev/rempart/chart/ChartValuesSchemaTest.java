package dev.rempart.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * values.schema.json stops a wrong value before anything reaches the cluster, with a message that
 * names the value. Helm checks the schema on install, upgrade, template and lint alike.
 */
class ChartValuesSchemaTest {
  private final Helm helm = Helm.binary();

  static Stream<Arguments> invalidValues() {
    return Stream.of(
        Arguments.of("--set=replicaCount=two", "at '/replicaCount': got string, want integer"),
        Arguments.of("--set=replicas=2", "additional properties 'replicas' not allowed"),
        Arguments.of(
            "--set=image.tags=1.0", "at '/image': additional properties 'tags' not allowed"),
        Arguments.of(
            "--set=logging.format=xml",
            "at '/logging/format': value must be one of 'json', 'text'"),
        Arguments.of(
            "--set=logging.level=verbose",
            "at '/logging/level': value must be one of 'trace', 'debug', 'info', 'warn', 'error'"),
        Arguments.of("--set=image.digest=latest", "at '/image/digest': 'latest' does not match"),
        Arguments.of(
            "--set=image.pullPolicy=Sometimes", "at '/image/pullPolicy': value must be one of"),
        Arguments.of(
            "--set-string=leaderElection.enabled=yes",
            "at '/leaderElection/enabled': got string, want boolean"),
        Arguments.of(
            "--set=rbac.secretMetadata=true",
            "at '/rbac': additional properties 'secretMetadata' not allowed"),
        Arguments.of(
            "--set=watchNamespaces={Team_A}", "at '/watchNamespaces/0': 'Team_A' does not match"),
        Arguments.of("--set=service.metricsPort=70000", "at '/service/metricsPort'"),
        Arguments.of(
            "--set=commonLabels.team.name=x", "at '/commonLabels/team': got object, want string"),
        Arguments.of(
            "--set=crds.upgrade=true", "at '/crds': additional properties 'upgrade' not allowed"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidValues")
  void aWrongValueIsRejectedWithAMessageNamingIt(String value, String expectedMessage) {
    Helm.Result result = helm.tryTemplate("rempart", "rempart-system", value);

    assertThat(result.succeeded()).as("%s must be rejected", value).isFalse();
    assertThat(result.stderr())
        .contains("values don't meet the specifications of the schema")
        .contains(expectedMessage);
  }
}
