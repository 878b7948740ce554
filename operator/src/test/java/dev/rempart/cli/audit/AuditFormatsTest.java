package dev.rempart.cli.audit;

import static dev.rempart.cli.audit.AuditFixtures.COMPLIANT;
import static dev.rempart.cli.audit.AuditFixtures.MEDIUM_ONLY;
import static dev.rempart.cli.audit.AuditFixtures.NO_DEFAULT_DENY;
import static dev.rempart.cli.audit.AuditFixtures.audit;
import static dev.rempart.cli.audit.AuditFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine.Help.Ansi;

/** Every output format of {@code rempart audit}, checked against its schema or parsed. */
class AuditFormatsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REPOSITORY =
      Path.of(System.getProperty("rempart.repository.root", ".."));

  @TempDir Path dir;

  /** Three findings: two high (implied namespace default, shop), one medium; two files. */
  private CliRun.Result auditMixed(String format, String... extra) {
    Path shop = write(dir, "shop.yaml", MEDIUM_ONLY);
    Path other =
        write(
            dir,
            "other.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n---\n"
                + NO_DEFAULT_DENY.replace("namespace: shop", "namespace: pay"));
    String[] args = new String[] {"-f", shop.toString(), "-f", other.toString(), "-o", format};
    String[] all = new String[args.length + extra.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(extra, 0, all, args.length, extra.length);
    return audit(all);
  }

  // --- json ---------------------------------------------------------------------------------

  static JsonSchema auditSchema() throws IOException {
    try (InputStream in = Files.newInputStream(REPOSITORY.resolve("docs/audit-json-schema.json"))) {
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
    }
  }

  @Test
  void jsonFollowsTheDocumentedSchema() throws IOException {
    CliRun.Result r = auditMixed("json");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    JsonNode json = JSON.readTree(r.out());
    assertThat(auditSchema().validate(json)).isEmpty();

    assertThat(json.get("schema").asText()).isEqualTo("rempart.dev/audit/v1");
    assertThat(json.at("/summary/findings/total").asInt()).isEqualTo(3);
    assertThat(json.at("/summary/findings/high").asInt()).isEqualTo(2);
    assertThat(json.at("/summary/findings/medium").asInt()).isEqualTo(1);
    assertThat(json.at("/summary/failed").asBoolean()).isTrue();
    JsonNode first = json.get("findings").get(0);
    assertThat(first.get("control").asText()).isEqualTo("network");
    assertThat(first.get("check").asText()).isEqualTo("defaultDeny");
    assertThat(first.get("clause").asText()).isEqualTo("4.4");
    assertThat(first.get("severity").asText()).isEqualTo("high");
    assertThat(first.get("resource").toString())
        .isEqualTo("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"name\":\"default\"}");
    // default is implied by the ConfigMap without namespace, at line 1 of other.yaml.
    assertThat(first.get("file").asText()).isEqualTo(dir.resolve("other.yaml").toString());
    assertThat(first.get("line").asInt()).isEqualTo(1);
    JsonNode medium = json.get("findings").get(2);
    assertThat(medium.at("/resource/name").asText()).isEqualTo("open-web");
    assertThat(medium.get("line").asInt()).isEqualTo((int) COMPLIANT.lines().count() + 2);
  }

  @Test
  void theJsonSchemaRejectsWhatItShould() throws IOException {
    JsonNode json = JSON.readTree(auditMixed("json").out());
    ((ObjectNode) json.get("findings").get(0)).remove("clause");
    ((ObjectNode) json.get("summary")).put("failOn", "sometimes");
    assertThat(auditSchema().validate(json)).hasSize(2);
  }

  // --- sarif --------------------------------------------------------------------------------

  static Set<ValidationMessage> validateSarif(JsonNode sarif) throws IOException {
    try (InputStream in =
        AuditFormatsTest.class.getResourceAsStream("/schemas/sarif-schema-2.1.0.json")) {
      JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
      return schema.validate(sarif);
    }
  }

  @Test
  void sarifIsValidAgainstTheOfficialSchema() throws IOException {
    CliRun.Result r = auditMixed("sarif");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    JsonNode sarif = JSON.readTree(r.out());
    assertThat(validateSarif(sarif)).isEmpty();

    assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
    JsonNode run = sarif.get("runs").get(0);
    assertThat(run.at("/tool/driver/name").asText()).isEqualTo("Rempart");
    JsonNode rules = run.at("/tool/driver/rules");
    assertThat(rules).hasSize(2);
    JsonNode results = run.get("results");
    assertThat(results).hasSize(3);
    for (JsonNode result : results) {
      int index = result.get("ruleIndex").asInt();
      assertThat(rules.get(index).get("id").asText()).isEqualTo(result.get("ruleId").asText());
    }
    JsonNode medium = results.get(2);
    assertThat(medium.get("ruleId").asText()).isEqualTo("network/allowAllPolicy");
    assertThat(medium.get("level").asText()).isEqualTo("warning");
    assertThat(medium.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
        .isEqualTo(dir.resolve("shop.yaml").toUri().toString());
    assertThat(medium.at("/locations/0/physicalLocation/region/startLine").asInt())
        .isEqualTo((int) COMPLIANT.lines().count() + 2);
    assertThat(results.get(0).get("level").asText()).isEqualTo("error");
    assertThat(rules.get(0).at("/properties/security-severity").asText()).isEqualTo("8.0");
  }

  @Test
  void theSarifSchemaCatchesAnInvalidLog() throws IOException {
    ObjectNode sarif = (ObjectNode) JSON.readTree(auditMixed("sarif").out());
    sarif.remove("version");
    ((ObjectNode) sarif.at("/runs/0/results/0")).put("level", "fatal");
    assertThat(validateSarif(sarif)).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  void sarifUsesRelativeUrisForRelativePathsAndNoPathForStandardInput() throws IOException {
    assertThat(SarifFormatter.uri("./deploy/my app.yaml")).isEqualTo("deploy/my%20app.yaml");
    assertThat(SarifFormatter.uri("/srv/x.yaml")).isEqualTo("file:///srv/x.yaml");
    CliRun.Result r = AuditFixtures.auditWithStdin(NO_DEFAULT_DENY, "-f", "-", "-o", "sarif");
    JsonNode sarif = JSON.readTree(r.out());
    assertThat(validateSarif(sarif)).isEmpty();
    JsonNode location = sarif.at("/runs/0/results/0/locations/0");
    assertThat(location.has("physicalLocation")).isFalse();
    assertThat(location.at("/logicalLocations/0/fullyQualifiedName").asText())
        .isEqualTo("Namespace shop");
  }

  @Test
  void sarifOfACleanAuditHasNoResults() throws IOException {
    CliRun.Result r = audit("-f", write(dir, "app.yaml", COMPLIANT).toString(), "-o", "sarif");
    JsonNode sarif = JSON.readTree(r.out());
    assertThat(validateSarif(sarif)).isEmpty();
    assertThat(sarif.at("/runs/0/results")).isEmpty();
  }

  // --- junit --------------------------------------------------------------------------------

  static Document parseXml(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void junitHasOneCasePerResourceAndControlAndFailsAtTheThreshold() throws Exception {
    CliRun.Result r = auditMixed("junit");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    Document xml = parseXml(r.out());
    Element suites = xml.getDocumentElement();
    assertThat(suites.getTagName()).isEqualTo("testsuites");
    NodeList suiteList = suites.getElementsByTagName("testsuite");
    // The control's suite, then what was not audited (the ConfigMap, a kind no control reads).
    assertThat(suiteList.getLength()).isEqualTo(2);
    Element suite = (Element) suiteList.item(0);
    assertThat(suite.getAttribute("name")).isEqualTo("clause 4.4 network");
    Element notAudited = (Element) suiteList.item(1);
    assertThat(notAudited.getAttribute("name")).isEqualTo("not audited");
    assertThat(notAudited.getAttribute("skipped")).isEqualTo("1");
    assertThat(
            ((Element) notAudited.getElementsByTagName("skipped").item(0)).getAttribute("message"))
        .isEqualTo(
            "Not evaluated: 3 objects of kinds no enabled control reads (ConfigMap 1, Deployment 2).");
    // Examined: namespaces default, pay, shop; NetworkPolicies shop/default-deny, shop/open-web.
    NodeList cases = suite.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(5);
    assertThat(suite.getAttribute("tests")).isEqualTo("5");
    // --fail-on high: the two high findings fail, the medium one is reported as output.
    assertThat(suite.getAttribute("failures")).isEqualTo("2");
    assertThat(suites.getAttribute("failures")).isEqualTo("2");
    Element openWeb = testCase(cases, "NetworkPolicy shop/open-web");
    assertThat(openWeb.getElementsByTagName("failure").getLength()).isZero();
    assertThat(openWeb.getElementsByTagName("system-out").item(0).getTextContent())
        .contains("medium 4.4 network/allowAllPolicy");
    Element pay = testCase(cases, "Namespace pay");
    Element failure = (Element) pay.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("type")).isEqualTo("network/defaultDeny");
    assertThat(failure.getAttribute("message"))
        .startsWith("high: Namespace pay has no default-deny");
    assertThat(pay.getAttribute("file")).isEqualTo(dir.resolve("other.yaml").toString());
    Element deny = testCase(cases, "NetworkPolicy shop/default-deny");
    assertThat(deny.getChildNodes().getLength()).isZero();
  }

  @Test
  void junitFailsTheMediumFindingAtFailOnMedium() throws Exception {
    Document xml = parseXml(auditMixed("junit", "--fail-on", "medium").out());
    assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("3");
  }

  private static Element testCase(NodeList cases, String name) {
    for (int i = 0; i < cases.getLength(); i++) {
      Element e = (Element) cases.item(i);
      if (e.getAttribute("name").equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no test case " + name);
  }

  // --- markdown -----------------------------------------------------------------------------

  @Test
  void markdownIsAPullRequestComment() {
    CliRun.Result r = auditMixed("markdown");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(r.out())
        .startsWith("### Rempart audit failed: 2 high, 1 medium\n")
        .contains("| Severity | Owner | Clause | Check | Resource | File |")
        .contains(
            "| **high** | platform | 4.4 Firewall and security groups | `network/defaultDeny` |"
                + " `Namespace pay` | `"
                + dir.resolve("other.yaml")
                + ":5` |")
        .contains("| medium | app | 4.4 Firewall and security groups | `network/allowAllPolicy` |")
        .contains("<details><summary>What is wrong and how to fix it</summary>")
        .contains("- **high** `Namespace pay`: Namespace pay has no default-deny NetworkPolicy");
    long rows = r.out().lines().filter(l -> l.startsWith("| ")).count();
    assertThat(rows).isEqualTo(1 + 3);
  }

  @Test
  void markdownOfACleanAuditSaysSo() {
    CliRun.Result r = audit("-f", write(dir, "app.yaml", COMPLIANT).toString(), "-o", "markdown");
    assertThat(r.out()).startsWith("### Rempart audit passed: no findings").contains("No finding");
  }

  // --- table --------------------------------------------------------------------------------

  @Test
  void theTableGroupsFindingsByClauseWithTheirFix() {
    CliRun.Result r = auditMixed("table");
    assertThat(r.out())
        .contains("Clause 4.4  Firewall and security groups")
        .contains(
            "HIGH     Namespace pay  network/defaultDeny  (" + dir.resolve("other.yaml") + ":5)")
        .contains("Add a NetworkPolicy")
        .contains("FAIL: 3 findings (2 high, 1 medium), at least one at or above high (--fail-on)");
    assertThat(r.out()).doesNotContain("\u001b[");
  }

  @Test
  void theTableIsColouredWhenTheTerminalSupportsIt() {
    write(dir, "app.yaml", NO_DEFAULT_DENY);
    AuditReport report =
        new AuditRunner(
                dev.rempart.core.Evaluator.standard(),
                InputStream.nullInputStream(),
                AuditFixtures.CLOCK)
            .audit(
                java.util.List.of(dir.resolve("app.yaml").toString()),
                dev.rempart.cli.input.BaselineLoader.builtin(),
                FailOn.HIGH);
    StringWriter coloured = new StringWriter();
    new TableFormatter().write(report, new PrintWriter(coloured), Ansi.ON);
    assertThat(coloured.toString()).contains("\u001b[31m", "\u001b[1m");
    StringWriter plain = new StringWriter();
    new TableFormatter().write(report, new PrintWriter(plain), Ansi.OFF);
    assertThat(plain.toString()).doesNotContain("\u001b[");
  }

  @Test
  void longMessagesAreWrappedAtSpacesAndLongWordsCut() {
    assertThat(TableFormatter.wrap("aaa bbb ccc ddd", 7)).containsExactly("aaa bbb", "ccc ddd");
    // A word longer than the line is cut after a comma where there is one, else at the width.
    assertThat(TableFormatter.wrap("[aa,bbb,cc] x", 8)).containsExactly("[aa,bbb,", "cc] x");
    assertThat(TableFormatter.wrap("averyveryverylongword x", 5))
        .containsExactly("avery", "veryv", "erylo", "ngwor", "d x");
  }
}
