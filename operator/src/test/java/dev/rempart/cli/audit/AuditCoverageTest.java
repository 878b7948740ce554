package dev.rempart.cli.audit;

import static dev.rempart.cli.audit.AuditFixtures.NO_DEFAULT_DENY;
import static dev.rempart.cli.audit.AuditFixtures.auditBuiltIn;
import static dev.rempart.cli.audit.AuditFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No silent pass: every run says what it did not audit and why, and the options that widen the
 * audit work. On real manifests from {@code ../shared/corpus/}: ingress-nginx's published static
 * install, which declares its own Namespace without the governing label.
 */
class AuditCoverageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path CORPUS =
      Path.of(System.getProperty("rempart.repository.root", ".."))
          .resolve("../shared/corpus")
          .normalize();

  /** ingress-nginx's static install: an unlabelled Namespace and 12 objects placed in it. */
  static final String STATIC_INGRESS_NGINX =
      CORPUS.resolve("kubernetes-deploy-static-provider-cloud-deploy.yaml").toString();

  @TempDir Path dir;

  private static JsonNode json(CliRun.Result r) throws Exception {
    return JSON.readTree(r.out());
  }

  @Test
  void theCorpusIsThere() {
    assertThat(Path.of(STATIC_INGRESS_NGINX)).isRegularFile();
  }

  @Test
  void anUnlabelledNamespaceIsReportedAsNotAuditedInTheTable() {
    CliRun.Result r = auditBuiltIn("-f", STATIC_INGRESS_NGINX);
    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(unwrapped(r.out()))
        .contains("Governed namespaces (0): none.")
        .contains(
            "Not audited: 12 objects in 1 namespace (ingress-nginx): its labels do not match"
                + " spec.namespaceSelector")
        .contains("--all-namespaces audits them")
        .contains("No namespace is governed: only cluster-scoped objects were audited.")
        .contains("; 12 objects not audited (see above)");
  }

  @Test
  void everyFormatSaysWhatWasNotAudited() throws Exception {
    JsonNode json = json(auditBuiltIn("-f", STATIC_INGRESS_NGINX, "-o", "json"));
    JsonNode ns = json.at("/summary/coverage/namespaces/0");
    assertThat(ns.get("name").asText()).isEqualTo("ingress-nginx");
    assertThat(ns.get("governed").asBoolean()).isFalse();
    assertThat(ns.get("reason").asText())
        .isEqualTo("its labels do not match spec.namespaceSelector");
    assertThat(ns.get("objects").asLong()).isEqualTo(12);
    assertThat(json.at("/summary/coverage/objectsNotAudited").asLong()).isEqualTo(12);

    JsonNode sarif = json(auditBuiltIn("-f", STATIC_INGRESS_NGINX, "-o", "sarif"));
    assertThat(sarif.at("/runs/0/properties/notAudited/0").asText())
        .startsWith("Not audited: 12 objects in 1 namespace (ingress-nginx)");
    assertThat(sarif.at("/runs/0/properties/coverage/objectsNotAudited").asLong()).isEqualTo(12);

    assertThat(auditBuiltIn("-f", STATIC_INGRESS_NGINX, "-o", "junit").out())
        .contains("<testsuite name=\"not audited\"")
        .contains("<skipped message=\"Not audited: 12 objects in 1 namespace (ingress-nginx)");

    assertThat(auditBuiltIn("-f", STATIC_INGRESS_NGINX, "-o", "markdown").out())
        .contains("; 12 objects not audited")
        .contains("- Not audited: 12 objects in 1 namespace (ingress-nginx)");
  }

  @Test
  void allNamespacesAuditsTheObjectsOfAnUnlabelledNamespace() throws Exception {
    CliRun.Result r =
        auditBuiltIn(
            "-f", STATIC_INGRESS_NGINX, "--all-namespaces", "--scope", "all", "-o", "json");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    JsonNode json = json(r);
    assertThat(json.at("/summary/namespaces/governed").toString()).isEqualTo("[\"ingress-nginx\"]");
    assertThat(json.at("/summary/coverage/namespaces/0/widened").asBoolean()).isTrue();
    assertThat(json.at("/summary/coverage/objectsNotAudited").asLong()).isZero();
    // The same namespace-level findings as the controller's chart gets: default deny, PSA labels.
    assertThat(json.get("findings").findValuesAsText("check"))
        .contains("defaultDeny", "namespaceLabels", "accessReview");
    assertThat(unwrapped(auditBuiltIn("-f", STATIC_INGRESS_NGINX, "-A").out()))
        .contains(
            "Governed because of --all-namespaces, though their labels do not match the"
                + " selector: ingress-nginx.");
  }

  @Test
  void ungovernedNamespacesReportMakesTheNamespaceAFinding() throws Exception {
    CliRun.Result r =
        auditBuiltIn("-f", STATIC_INGRESS_NGINX, "--ungoverned-namespaces", "report", "-o", "json");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    JsonNode finding = json(r).at("/findings/0");
    assertThat(finding.get("control").asText()).isEqualTo("scope");
    assertThat(finding.get("check").asText()).isEqualTo("ungovernedNamespace");
    assertThat(finding.get("severity").asText()).isEqualTo("high");
    assertThat(finding.at("/resource/name").asText()).isEqualTo("ingress-nginx");
    assertThat(finding.get("owner").asText()).isEqualTo("app");
    assertThat(finding.get("message").asText())
        .contains("is not governed by baseline saas-addendum");
  }

  @Test
  void theBaselineFieldReportsUngovernedNamespacesAndTheOptionOverridesIt() throws Exception {
    Path baseline =
        write(
            dir,
            "baseline.yaml",
            AuditFixtures.NETWORK_BASELINE + "  ungovernedNamespaces: Report\n");
    String[] input = {"-f", STATIC_INGRESS_NGINX, "--baseline", baseline.toString()};
    CliRun.Result report = auditBuiltIn(concat(input, "-o", "json"));
    assertThat(report.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(json(report).get("findings").findValuesAsText("check"))
        .containsExactly("ungovernedNamespace");
    CliRun.Result ignore = auditBuiltIn(concat(input, "--ungoverned-namespaces", "ignore"));
    assertThat(ignore.exitCode()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void excludedNamespacesAreNotAuditedAndSaySo() throws Exception {
    String system = NO_DEFAULT_DENY.replace("namespace: shop", "namespace: kube-system");
    CliRun.Result r =
        auditBuiltIn(
            "-f", write(dir, "app.yaml", system).toString(), "--ungoverned-namespaces", "report");
    // Excluded by name is a decision, not an oversight: not a finding, but said.
    assertThat(r.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(unwrapped(r.out()))
        .contains(
            "Not audited: 1 object in 1 namespace (kube-system): excluded by name"
                + " (spec.excludedNamespaces).");
  }

  @Test
  void namespacePlacesObjectsThatNameNone() throws Exception {
    String noNamespace = NO_DEFAULT_DENY.replace(", namespace: shop", "");
    Path app = write(dir, "app.yaml", noNamespace);
    JsonNode json = json(auditBuiltIn("-f", app.toString(), "--namespace", "shop", "-o", "json"));
    assertThat(json.at("/summary/namespaces/governed").toString()).isEqualTo("[\"shop\"]");
    JsonNode defaultPlacement = json(auditBuiltIn("-f", app.toString(), "-o", "json"));
    assertThat(defaultPlacement.at("/summary/namespaces/governed").toString())
        .isEqualTo("[\"default\"]");
  }

  @Test
  void anEmptyFolderIsAnErrorNotAPass() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    CliRun.Result r = auditBuiltIn("-f", empty.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains("no Kubernetes object found in " + empty + " (0 files read)")
        .doesNotContain("Exception");
  }

  @Test
  void aFileWithoutObjectsIsAnErrorToo() {
    Path blank = write(dir, "blank.yaml", "# nothing rendered\n---\n");
    CliRun.Result r = auditBuiltIn("-f", blank.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("no Kubernetes object found in " + blank + " (1 file read)");
  }

  /** The table's text with its wrapped lines joined again. */
  static String unwrapped(String table) {
    return table.replaceAll("\\n +", " ");
  }

  static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
