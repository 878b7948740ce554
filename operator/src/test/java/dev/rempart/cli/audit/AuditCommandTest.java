package dev.rempart.cli.audit;

import static dev.rempart.cli.audit.AuditFixtures.COMPLIANT;
import static dev.rempart.cli.audit.AuditFixtures.MEDIUM_ONLY;
import static dev.rempart.cli.audit.AuditFixtures.NO_DEFAULT_DENY;
import static dev.rempart.cli.audit.AuditFixtures.audit;
import static dev.rempart.cli.audit.AuditFixtures.auditWithStdin;
import static dev.rempart.cli.audit.AuditFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code rempart audit}: its exit codes, its inputs and every way input can be wrong. */
class AuditCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static JsonNode json(CliRun.Result r) throws IOException {
    return JSON.readTree(r.out());
  }

  // --- exit codes ---------------------------------------------------------------------------

  @Test
  void compliantManifestsExitZero() {
    CliRun.Result r = audit("-f", write(dir, "app.yaml", COMPLIANT).toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).endsWith("PASS: no findings" + System.lineSeparator());
    assertThat(r.err()).isEmpty();
  }

  @Test
  void aHighFindingFailsAtTheDefaultThreshold() {
    CliRun.Result r = audit("-f", write(dir, "app.yaml", NO_DEFAULT_DENY).toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(r.out()).contains("FAIL", "HIGH", "Namespace shop", "network/defaultDeny");
  }

  @Test
  void findingsBelowTheThresholdPassAndSaySo() {
    CliRun.Result r = audit("-f", write(dir, "app.yaml", MEDIUM_ONLY).toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .endsWith(
            "PASS: 1 finding (1 medium), none at or above high (--fail-on)"
                + System.lineSeparator());
  }

  @ParameterizedTest(name = "{0} finding, --fail-on {1}: exit {2}")
  @CsvSource({
    "high,   critical, 0",
    "high,   high,     1",
    "high,   low,      1",
    "high,   none,     0",
    "medium, high,     0",
    "medium, medium,   1",
    "medium, LOW,      1",
    "medium, none,     0",
  })
  void theThresholdDecidesTheExitCode(String severity, String failOn, int exit) {
    String manifests = severity.equals("high") ? NO_DEFAULT_DENY : MEDIUM_ONLY;
    CliRun.Result r =
        audit("-f", write(dir, "app.yaml", manifests).toString(), "--fail-on", failOn);
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(exit);
  }

  @Test
  void aBadFailOnIsAUsageError() {
    CliRun.Result r =
        audit("-f", write(dir, "app.yaml", COMPLIANT).toString(), "--fail-on", "urgent");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--fail-on", "urgent").doesNotContain("\tat ");
    assertThat(r.err().lines()).hasSize(2);
  }

  @Test
  void aBadOutputFormatIsAUsageError() {
    CliRun.Result r = audit("-f", write(dir, "app.yaml", COMPLIANT).toString(), "-o", "yaml");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--output", "yaml");
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    CliRun.Result r = audit("-f", write(dir, "app.yaml", COMPLIANT).toString(), "--strict");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("rempart audit: Unknown option: '--strict'");
  }

  @Test
  void withoutInputItIsAUsageError() {
    CliRun.Result r = audit();
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("Missing required option", "--filename");
  }

  // --- bad input: one line per problem naming the file (and line), exit 2, no stack trace -----
  // (BrokenInputAuditTest: the rest of the input is still audited, in every format)

  @Test
  void aMissingFileIsNamed() {
    CliRun.Result r = audit("-f", dir.resolve("absent.yaml").toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .isEqualTo(
            "rempart audit: "
                + dir.resolve("absent.yaml")
                + ": no such file or directory"
                + System.lineSeparator());
  }

  @Test
  void anUnreadableFileIsNamed() {
    // The kernel refuses to read this file whoever asks, root included: a real read error.
    CliRun.Result r = audit("-f", "/proc/self/mem");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("rempart audit: /proc/self/mem: cannot read the file");
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.hasStackTrace()).isFalse();
  }

  @Test
  void malformedYamlNamesTheFileAndLine() {
    String yaml =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: a
         data: broken-indentation
        """;
    Path file = write(dir, "bad.yaml", yaml);
    CliRun.Result r = audit("-f", file.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("rempart audit: " + file + ":5: malformed YAML: ");
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.hasStackTrace()).isFalse();
    // The report still comes, saying what it could not read.
    assertThat(r.out()).contains("Could not read 1 input (not audited)", file + ":5: malformed");
  }

  @Test
  void malformedYamlInALaterDocumentNamesItsLine() {
    Path file = write(dir, "bad.yaml", COMPLIANT + "---\nkind: [unclosed\n");
    CliRun.Result r = audit("-f", file.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    int lines = (int) COMPLIANT.lines().count();
    assertThat(r.err())
        .containsPattern(":(" + (lines + 2) + "|" + (lines + 3) + "): malformed YAML");
  }

  @Test
  void aDocumentWithoutKindNamesTheFileAndLine() {
    Path file = write(dir, "bad.yaml", COMPLIANT + "---\napiVersion: v1\nmetadata: {name: x}\n");
    CliRun.Result r = audit("-f", file.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains(file + ":" + (COMPLIANT.lines().count() + 2) + ": the document has no kind");
  }

  @Test
  void aFieldOfTheWrongTypeNamesTheField() {
    Path file =
        write(
            dir,
            "bad.yaml",
            COMPLIANT
                + "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
                + "metadata: {name: x, namespace: shop}\nspec: {podSelector: {}, ingress: all}\n");
    CliRun.Result r = audit("-f", file.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    int line = (int) COMPLIANT.lines().count() + 2;
    assertThat(r.err())
        .contains(file + ":" + line + ": NetworkPolicy is not valid: spec.ingress: expected a list")
        .doesNotContain("java.", "io.fabric8", "`");
  }

  @Test
  void kindsNoControlReadsAreCountedNotValidated() throws IOException {
    // Their bodies are not read (that is a schema validator's job); their metadata is.
    String budget =
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: x, namespace: shop}\n"
            + "spec: {selector: many}\n";
    CliRun.Result r = audit("-f", write(dir, "d.yaml", budget).toString(), "-o", "json");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(json(r).at("/summary/input/skippedByKind/PodDisruptionBudget").asInt()).isEqualTo(1);

    CliRun.Result noName =
        audit(
            "-f",
            write(dir, "n.yaml", "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {}\n")
                .toString());
    assertThat(noName.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noName.err()).contains(":1: PodDisruptionBudget has no metadata.name");
  }

  @Test
  void aBaselineWithAnUnknownFieldIsRefused() {
    Path baseline =
        write(
            dir,
            "baseline.yaml",
            """
            apiVersion: rempart.dev/v1alpha1
            kind: SecurityBaseline
            metadata: {name: b}
            spec:
              namespaceSelector: {}
              netwrok: {}
            """);
    CliRun.Result r =
        audit(
            "-f", write(dir, "app.yaml", COMPLIANT).toString(), "--baseline", baseline.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .isEqualTo(
            "rempart audit: "
                + baseline
                + ":6: invalid SecurityBaseline: spec.netwrok: unknown field (known fields:"
                + " accessControl, admission, auditLogging, dataDeletion, encryption,"
                + " environmentLabel, environments, exceptions,"
                + " excludedNamespaces, mode, namespaceSelector, network, podSecurity,"
                + " ungovernedNamespaces, vulnerabilities)"
                + System.lineSeparator());
  }

  @Test
  void aBaselineWithABadValueIsRefused() {
    Path baseline =
        write(
            dir,
            "baseline.yaml",
            "apiVersion: rempart.dev/v1alpha1\nkind: SecurityBaseline\nmetadata: {name: b}\n"
                + "spec:\n  namespaceSelector: {}\n  network: {defaultDeny: [Sideways]}\n");
    CliRun.Result r =
        audit(
            "-f", write(dir, "app.yaml", COMPLIANT).toString(), "--baseline", baseline.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .isEqualTo(
            "rempart audit: "
                + baseline
                + ":6: invalid SecurityBaseline: spec.network.defaultDeny[0]: \"Sideways\" is not"
                + " one of Ingress, Egress"
                + System.lineSeparator());
  }

  @Test
  void aMisspeltSelectorIsRefusedRatherThanGoverningEverything() {
    Path baseline =
        write(
            dir,
            "baseline.yaml",
            "apiVersion: rempart.dev/v1alpha1\nkind: SecurityBaseline\nmetadata: {name: b}\n"
                + "spec:\n  namespaceSelector: {matchLabel: {team: a}}\n  network: {}\n");
    CliRun.Result r =
        audit(
            "-f", write(dir, "app.yaml", COMPLIANT).toString(), "--baseline", baseline.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("spec.namespaceSelector.matchLabel: unknown field");
  }

  @Test
  void aBaselineFileMustHoldOneSecurityBaseline() {
    Path notABaseline = write(dir, "baseline.yaml", COMPLIANT);
    CliRun.Result r =
        audit(
            "-f",
            write(dir, "app.yaml", COMPLIANT).toString(),
            "--baseline",
            notABaseline.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains(notABaseline + ":1: not a SecurityBaseline");

    Path missing = dir.resolve("nope.yaml");
    r = audit("-f", write(dir, "app.yaml", COMPLIANT).toString(), "--baseline", missing.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains(missing + ": no such file");
  }

  @Test
  void aBaselineWithoutARequiredFieldIsRefused() {
    Path baseline =
        write(
            dir,
            "baseline.yaml",
            "apiVersion: rempart.dev/v1alpha1\nkind: SecurityBaseline\nmetadata: {name: b}\n"
                + "spec:\n  namespaceSelector: {}\n  podSecurity: {}\n");
    CliRun.Result r =
        audit(
            "-f", write(dir, "app.yaml", COMPLIANT).toString(), "--baseline", baseline.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .isEqualTo(
            "rempart audit: "
                + baseline
                + ":6: invalid SecurityBaseline: spec.podSecurity.level is required"
                + System.lineSeparator());
  }

  @Test
  void aBaselineWithoutSelectorIsRefused() {
    Path baseline =
        write(
            dir,
            "baseline.yaml",
            "apiVersion: rempart.dev/v1alpha1\nkind: SecurityBaseline\nmetadata: {name: b}\n"
                + "spec: {network: {}}\n");
    CliRun.Result r =
        audit(
            "-f", write(dir, "app.yaml", COMPLIANT).toString(), "--baseline", baseline.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("spec.namespaceSelector is required");
  }

  // --- inputs --------------------------------------------------------------------------------

  @Test
  void standardInputIsRead() throws IOException {
    CliRun.Result r = auditWithStdin(NO_DEFAULT_DENY, "-f", "-", "-o", "json");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    JsonNode finding = json(r).get("findings").get(0);
    assertThat(finding.get("file").asText()).isEqualTo("-");
    assertThat(finding.get("line").asInt()).isEqualTo(1);
  }

  @Test
  void standardInputCannotBeReadTwice() {
    CliRun.Result r = auditWithStdin(COMPLIANT, "-f", "-", "-f", "-");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void foldersAreReadRecursivelyForYamlAndJsonOnly() throws IOException {
    write(dir, "apps/shop/namespace.yaml", COMPLIANT);
    write(dir, "apps/pay/deploy.yml", NO_DEFAULT_DENY.replace("namespace: shop", "namespace: pay"));
    write(
        dir,
        "apps/pay/budget.json",
        "{\"apiVersion\":\"policy/v1\",\"kind\":\"PodDisruptionBudget\",\"metadata\":"
            + "{\"name\":\"api\",\"namespace\":\"pay\"},\"spec\":{\"minAvailable\":1}}");
    write(dir, "apps/README.md", "not: [a manifest");
    write(dir, "apps/.git/config.yaml", "not: [a manifest");
    write(dir, "apps/chart/values.txt", "not: [a manifest");

    CliRun.Result r = audit("-f", dir.resolve("apps").toString(), "-o", "json");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.FINDINGS);
    JsonNode json = json(r);
    assertThat(json.at("/summary/input/files").asInt()).isEqualTo(3);
    assertThat(json.at("/summary/input/objects").asInt()).isEqualTo(5);
    assertThat(json.at("/summary/input/skippedByKind/PodDisruptionBudget").asInt()).isEqualTo(1);
    JsonNode finding = json.get("findings").get(0);
    assertThat(finding.at("/resource/name").asText()).isEqualTo("pay");
    // pay has no Namespace object: the finding points at the first object placed in it.
    assertThat(finding.get("file").asText()).isEqualTo(dir.resolve("apps") + "/pay/budget.json");
  }

  @Test
  void listObjectsAreExpanded() throws IOException {
    String list =
        """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: Namespace
          metadata: {name: shop, labels: {rempart.dev/governed: "true"}}
        - apiVersion: networking.k8s.io/v1
          kind: NetworkPolicy
          metadata: {name: deny, namespace: shop}
          spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
        - apiVersion: policy/v1
          kind: PodDisruptionBudget
          metadata: {name: settings, namespace: shop}
        """;
    CliRun.Result r = audit("-f", write(dir, "list.yaml", list).toString(), "-o", "json");
    assertThat(r.exitCode()).as(r.out()).isEqualTo(ExitCodes.OK);
    JsonNode input = json(r).at("/summary/input");
    assertThat(input.get("objects").asInt()).isEqualTo(3);
    assertThat(input.at("/evaluatedByKind/Namespace").asInt()).isEqualTo(1);
    assertThat(input.at("/evaluatedByKind/NetworkPolicy").asInt()).isEqualTo(1);
    assertThat(input.at("/skippedByKind/PodDisruptionBudget").asInt()).isEqualTo(1);
  }

  @Test
  void helmTemplateOutputWithCommentsAndEmptyDocumentsIsRead() throws IOException {
    String helm =
        """
        ---
        # Source: shop/templates/serviceaccount.yaml
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: shop
        ---
        # Source: shop/templates/empty.yaml
        ---
        ---
        # Source: shop/templates/deployment.yaml
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: shop
          labels:
            helm.sh/chart: shop-1.0.0
        spec:
          selector: {matchLabels: {app: shop}}
          template:
            metadata: {labels: {app: shop}}
            spec:
              containers:
              - name: shop
                image: "shop:1.0.0"
        """;
    CliRun.Result r = audit("-f", write(dir, "rendered.yaml", helm).toString(), "-o", "json");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.FINDINGS);
    JsonNode json = json(r);
    assertThat(json.at("/summary/input/objects").asInt()).isEqualTo(2);
    // Neither object names a namespace: both land in default, which the audit governs.
    assertThat(json.at("/summary/namespaces/implied").toString()).isEqualTo("[\"default\"]");
    JsonNode finding = json.get("findings").get(0);
    assertThat(finding.at("/resource/name").asText()).isEqualTo("default");
    assertThat(finding.get("line").asInt()).isEqualTo(3);
  }

  @Test
  void aNamespaceInTheInputIsGovernedOnlyWhenTheSelectorMatchesIt() throws IOException {
    String unlabelled =
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: shop}
        ---
        """
            + NO_DEFAULT_DENY;
    CliRun.Result r = audit("-f", write(dir, "app.yaml", unlabelled).toString(), "-o", "json");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(json(r).at("/summary/namespaces/governed")).isEmpty();
  }

  @Test
  void anExcludedNamespaceIsNotGovernedEvenWhenImplied() throws IOException {
    String system = NO_DEFAULT_DENY.replace("namespace: shop", "namespace: kube-system");
    CliRun.Result r = audit("-f", write(dir, "app.yaml", system).toString(), "-o", "json");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    JsonNode ns = json(r).at("/summary/namespaces");
    assertThat(ns.get("implied").toString()).isEqualTo("[\"kube-system\"]");
    assertThat(ns.get("governed")).isEmpty();
  }

  @Test
  void aBaselineFileReplacesTheBuiltInOne() throws IOException {
    Path baseline =
        write(
            dir,
            "baseline.yaml",
            """
            apiVersion: rempart.dev/v1alpha1
            kind: SecurityBaseline
            metadata: {name: ingress-only}
            spec:
              mode: Audit
              namespaceSelector: {matchExpressions: [{key: team, operator: Exists}]}
              network: {defaultDeny: [Ingress]}
            """);
    String ingressDenied =
        NO_DEFAULT_DENY
            + """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny-in, namespace: shop}
            spec: {podSelector: {}, policyTypes: [Ingress]}
            """;
    CliRun.Result r =
        audit(
            "-f",
            write(dir, "app.yaml", ingressDenied).toString(),
            "--baseline",
            baseline.toString(),
            "-o",
            "json");
    assertThat(r.exitCode()).as(r.out()).isEqualTo(ExitCodes.OK);
    JsonNode json = json(r);
    assertThat(json.at("/baseline/name").asText()).isEqualTo("ingress-only");
    assertThat(json.at("/baseline/source").asText()).isEqualTo(baseline.toString());
    assertThat(json.at("/summary/namespaces/governed").toString()).isEqualTo("[\"shop\"]");
  }

  @Test
  void theBuiltInBaselineIsTheAddendumExample() throws IOException {
    CliRun.Result r =
        AuditFixtures.auditBuiltIn(
            "-f", write(dir, "app.yaml", COMPLIANT).toString(), "-o", "json");
    assertThat(r.exitCode()).as(r.err()).isIn(ExitCodes.OK, ExitCodes.FINDINGS);
    JsonNode json = json(r);
    assertThat(json.at("/baseline/name").asText()).isEqualTo("saas-addendum");
    assertThat(json.at("/baseline/source").asText()).startsWith("built-in");
    java.util.List<String> controls = new java.util.ArrayList<>();
    json.at("/summary/controls").forEach(c -> controls.add(c.get("name").asText()));
    // Every control the build has, as examples/saas-addendum.yaml enables them, but prevention at
    // admission, which the example leaves off as it is by default.
    assertThat(controls)
        .containsExactlyElementsOf(
            dev.rempart.core.ControlCatalog.all().stream()
                .map(dev.rempart.core.Control::name)
                .filter(name -> !name.equals("admission"))
                .toList());
  }

  @Test
  void onlyTheKindsTheBaselinesControlsReadAreKept() throws IOException {
    Path podSecurity =
        write(
            dir,
            "baseline.yaml",
            """
            apiVersion: rempart.dev/v1alpha1
            kind: SecurityBaseline
            metadata: {name: pods}
            spec:
              namespaceSelector: {}
              podSecurity: {level: restricted}
            """);
    Path app = write(dir, "app.yaml", COMPLIANT);
    // The network control alone (the fixture baseline) reads no Deployment.
    JsonNode network = json(audit("-f", app.toString(), "-o", "json"));
    assertThat(network.at("/summary/input/skippedByKind/Deployment").asInt()).isEqualTo(1);
    JsonNode pods =
        json(audit("-f", app.toString(), "--baseline", podSecurity.toString(), "-o", "json"));
    assertThat(pods.at("/summary/input/evaluatedByKind/Deployment").asInt()).isEqualTo(1);
    assertThat(pods.at("/summary/controls/0/name").asText()).isEqualTo("podSecurity");
  }

  @Test
  void duplicatesAreCountedAndTheLastWins() throws IOException {
    String twice = COMPLIANT + "---\n" + COMPLIANT;
    CliRun.Result r = audit("-f", write(dir, "app.yaml", twice).toString(), "-o", "json");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    // The Namespace and the NetworkPolicy: the objects the network control reads.
    assertThat(json(r).at("/summary/input/duplicates").asInt()).isEqualTo(2);
  }
}
