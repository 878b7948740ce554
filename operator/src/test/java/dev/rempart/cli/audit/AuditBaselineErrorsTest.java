package dev.rempart.cli.audit;

import static dev.rempart.cli.audit.AuditFixtures.COMPLIANT;
import static dev.rempart.cli.audit.AuditFixtures.audit;
import static dev.rempart.cli.audit.AuditFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bad baseline is reported at the line of the value at fault, in the baseline's own words: the
 * field's path, the value, what it may be; never a Java type.
 */
class AuditBaselineErrorsTest {
  private static final String HEAD =
      """
      apiVersion: rempart.dev/v1alpha1
      kind: SecurityBaseline
      metadata: {name: b}
      spec:
        namespaceSelector: {}
      """;

  @TempDir Path dir;

  private CliRun.Result withBaseline(String spec) {
    Path baseline = write(dir, "baseline.yaml", "# the platform's baseline\n---\n" + HEAD + spec);
    return audit(
        "-f", write(dir, "app.yaml", COMPLIANT).toString(), "--baseline", baseline.toString());
  }

  private String expected(int line, String message) {
    return "rempart audit: "
        + dir.resolve("baseline.yaml")
        + ":"
        + line
        + ": invalid SecurityBaseline: "
        + message
        + System.lineSeparator();
  }

  @Test
  void anUnknownEnumValueIsNamedAtItsLineWithTheAllowedValues() {
    CliRun.Result r =
        withBaseline(
            "  network:\n    allowDNS: true\n    defaultDeny:\n    - Ingress\n    - Inbound\n");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .isEqualTo(
            expected(12, "spec.network.defaultDeny[1]: \"Inbound\" is not one of Ingress, Egress"));
  }

  @Test
  void aValueOfTheWrongTypeSaysWhatWasExpected() {
    CliRun.Result r =
        withBaseline("  network:\n    defaultDeny: [Ingress]\n    allowDNS: yes please\n");
    assertThat(r.err())
        .isEqualTo(
            expected(10, "spec.network.allowDNS: expected true or false, not \"yes please\""));
    CliRun.Result list = withBaseline("  excludedNamespaces: kube-system\n");
    assertThat(list.err())
        .isEqualTo(expected(8, "spec.excludedNamespaces: expected a list, not \"kube-system\""));
  }

  @Test
  void aMisspeltFieldListsTheKnownOnesAtItsLine() {
    CliRun.Result r = withBaseline("  network:\n    defaultDeny: [Ingress]\n    allowDSN: true\n");
    assertThat(r.err())
        .startsWith(
            "rempart audit: "
                + dir.resolve("baseline.yaml")
                + ":10: invalid SecurityBaseline: spec.network.allowDSN: unknown field (known"
                + " fields: ")
        .contains("allowDNS");
  }

  @Test
  void aMissingRequiredFieldPointsAtItsParent() {
    CliRun.Result r = withBaseline("  network: {}\n  podSecurity:\n    mode: Audit\n");
    assertThat(r.err()).isEqualTo(expected(9, "spec.podSecurity.level is required"));
  }

  @Test
  void noMessageNamesAJavaType() {
    for (String spec :
        new String[] {
          "  mode: Sometimes\n",
          "  network: [Ingress]\n",
          "  exceptions: {maxDays: soon}\n",
          "  namespaceSelector: {matchLabels: [a]}\n",
          "  podSecurity: {level: strict}\n"
        }) {
      CliRun.Result r = withBaseline(spec);
      assertThat(r.exitCode()).as(spec).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err())
          .as(spec)
          .doesNotContain("java.", "dev.rempart", "io.fabric8", "`", "Cannot deserialize", "\tat ");
    }
  }
}
