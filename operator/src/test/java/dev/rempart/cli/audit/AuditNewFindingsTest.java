package dev.rempart.cli.audit;

import static dev.rempart.cli.audit.AuditCoverageTest.CORPUS;
import static dev.rempart.cli.audit.AuditFixtures.auditBuiltIn;
import static dev.rempart.cli.audit.AuditFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --baseline-findings}: a previous run's output makes its findings existing, and only new
 * ones fail the run; fingerprints survive moved lines. Helm test hooks are skipped by default.
 */
class AuditNewFindingsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path TRAEFIK = CORPUS.resolve("traefik-traefik-helm-chart.yaml");

  /** A privileged pod: a critical finding that a change to the manifests brings. */
  private static final String PRIVILEGED =
      """
      ---
      apiVersion: v1
      kind: Pod
      metadata: {name: debug, namespace: traefik-helm-chart}
      spec:
        containers:
        - name: debug
          image: "busybox:1.36"
          securityContext: {privileged: true}
      """;

  @TempDir Path dir;

  /** The chart's rendering with its lines moved: a comment block first, documents reversed. */
  private Path moved() throws Exception {
    String[] documents = Files.readString(TRAEFIK).split("\n---\n");
    List<String> reversed = new ArrayList<>(List.of(documents));
    java.util.Collections.reverse(reversed);
    return write(
        dir,
        "moved/traefik.yaml",
        "# a header\n# that moves\n# every line\n---\n" + String.join("\n---\n", reversed) + "\n");
  }

  private Path previous(String format) throws Exception {
    CliRun.Result main =
        auditBuiltIn("-f", TRAEFIK.toString(), "--scope", "all", "-o", format, "--fail-on", "none");
    assertThat(main.exitCode()).isEqualTo(ExitCodes.OK);
    return write(dir, "main." + format, main.out());
  }

  @Test
  void findingsOfThePreviousRunAreExistingEvenWhenTheirLinesMoved() throws Exception {
    Path previous = previous("json");
    CliRun.Result before = auditBuiltIn("-f", TRAEFIK.toString(), "--scope", "all");
    assertThat(before.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    CliRun.Result r =
        auditBuiltIn(
            "-f",
            moved().toString(),
            "--scope",
            "all",
            "--baseline-findings",
            previous.toString(),
            "-o",
            "json");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    JsonNode json = JSON.readTree(r.out());
    assertThat(json.at("/summary/findings/total").asInt()).isPositive();
    assertThat(json.at("/summary/findings/existing").asInt())
        .isEqualTo(json.at("/summary/findings/total").asInt());
    assertThat(json.at("/summary/baselineFindings").asText()).isEqualTo(previous.toString());
  }

  @Test
  void onlyANewFindingFailsTheRunAndIsShownAsNew() throws Exception {
    Path previous = previous("json");
    Path changed = write(dir, "pr/traefik.yaml", Files.readString(TRAEFIK) + PRIVILEGED);
    CliRun.Result r =
        auditBuiltIn(
            "-f", changed.toString(), "--baseline-findings", previous.toString(), "-o", "json");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    List<String> failing = new ArrayList<>();
    for (JsonNode f : JSON.readTree(r.out()).get("findings")) {
      if (!f.get("existing").asBoolean()) {
        failing.add(f.get("check").asText() + " " + f.at("/resource/name").asText());
      }
    }
    assertThat(failing).isNotEmpty().allMatch(s -> s.endsWith(" debug"));
    assertThat(failing).contains("privileged debug");

    String table =
        AuditCoverageTest.unwrapped(
            auditBuiltIn("-f", changed.toString(), "--baseline-findings", previous.toString())
                .out());
    assertThat(table).contains("[existing]").contains("at least one new app at or above high");
  }

  @Test
  void aSarifOutputServesAsWellAndCarriesFingerprintsAndBaselineState() throws Exception {
    Path previous = previous("sarif");
    JsonNode old = JSON.readTree(previous.toFile());
    String fingerprint =
        old.at("/runs/0/results/0/partialFingerprints").get(Fingerprints.SARIF_KEY).asText();
    assertThat(fingerprint).matches("[0-9a-f]{32}");
    Path changed = write(dir, "pr/traefik.yaml", Files.readString(TRAEFIK) + PRIVILEGED);
    CliRun.Result r =
        auditBuiltIn(
            "-f", changed.toString(), "--baseline-findings", previous.toString(), "-o", "sarif");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    JsonNode log = JSON.readTree(r.out());
    assertThat(AuditFormatsTest.validateSarif(log)).isEmpty();
    List<String> states = log.get("runs").get(0).get("results").findValuesAsText("baselineState");
    assertThat(states).contains("new", "unchanged");
  }

  @Test
  void anOutputWithoutFingerprintsIsMatchedOnTheCheckAndObject() throws Exception {
    Path previous = previous("json");
    ObjectNode old = (ObjectNode) JSON.readTree(previous.toFile());
    old.get("findings")
        .forEach(
            f -> ((ObjectNode) f).remove(List.of("fingerprint", "owner", "existing", "fails")));
    Path stripped = write(dir, "older.json", JSON.writeValueAsString(old));
    CliRun.Result r =
        auditBuiltIn(
            "-f", TRAEFIK.toString(), "--scope", "all", "--baseline-findings", stripped.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void aFileThatIsNoAuditOutputIsAUsageError() {
    Path notJson = write(dir, "notes.txt", "{\n  \"a\": [1,\n}\n");
    CliRun.Result r =
        auditBuiltIn("-f", TRAEFIK.toString(), "--baseline-findings", notJson.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains(notJson + ":3: not the JSON or SARIF output of rempart audit");
    Path other = write(dir, "other.json", "{\"kind\": \"List\"}");
    CliRun.Result o =
        auditBuiltIn("-f", TRAEFIK.toString(), "--baseline-findings", other.toString());
    assertThat(o.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(o.err()).contains(other + ": not the output of rempart audit -o json");
    assertThat(auditBuiltIn("-f", TRAEFIK.toString(), "--baseline-findings", "missing.json").err())
        .contains("missing.json: no such file (--baseline-findings)");
  }

  @Test
  void helmTestHooksAreSkippedWithACountUnlessAskedFor() throws Exception {
    String chart = CORPUS.resolve("grafana-agent-operator.yaml").toString();
    JsonNode skipped = JSON.readTree(auditBuiltIn("-f", chart, "-o", "json").out());
    assertThat(skipped.at("/summary/coverage/helmTestsSkipped").asInt()).isEqualTo(6);
    assertThat(AuditCoverageTest.unwrapped(auditBuiltIn("-f", chart).out()))
        .contains(
            "Skipped: 6 Helm test hooks (helm.sh/hook: test; --include-helm-tests audits them).");
    JsonNode included =
        JSON.readTree(auditBuiltIn("-f", chart, "--include-helm-tests", "-o", "json").out());
    assertThat(included.at("/summary/coverage/helmTestsSkipped").asInt()).isZero();
    assertThat(included.at("/summary/input/evaluated").asInt())
        .isGreaterThan(skipped.at("/summary/input/evaluated").asInt());
  }
}
