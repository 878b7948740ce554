package dev.rempart.cli.audit;

import static dev.rempart.cli.audit.AuditFixtures.COMPLIANT;
import static dev.rempart.cli.audit.AuditFixtures.NO_DEFAULT_DENY;
import static dev.rempart.cli.audit.AuditFixtures.audit;
import static dev.rempart.cli.audit.AuditFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * One bad file loses nothing: over a folder with several kinds of broken input, every format lists
 * each problem with its file and line, every good file and document is still audited, and the exit
 * code is 2.
 */
class BrokenInputAuditTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private Path repo;

  /** The findings of the good inputs alone: what the broken run must still report. */
  private JsonNode expectedFindings;

  /** file (relative to the repository), line (0: none), a word of the message. */
  private record Expected(String file, int line, String words) {}

  private final List<Expected> errors = new ArrayList<>();

  private static final String UNRENDERED =
      """
      apiVersion: v1
      kind: Service
      metadata:
        name: {{ .Release.Name }}
      spec: {}
      """;

  @BeforeEach
  void brokenRepository() throws IOException {
    repo = dir.resolve("repo");
    Path good = dir.resolve("good");
    // Good input, read alone first for the findings it must give in either case.
    write(good, "shop.yaml", COMPLIANT);
    write(good, "pay.yaml", NO_DEFAULT_DENY.replace("namespace: shop", "namespace: pay"));
    // The same threshold as the broken run, so that each finding's "fails" agrees: exit 1, not 2.
    CliRun.Result alone = audit("-f", good.toString(), "-o", "json");
    assertThat(alone.exitCode()).as(alone.err()).isEqualTo(ExitCodes.FINDINGS);
    expectedFindings = JSON.readTree(alone.out()).get("findings");
    assertThat(expectedFindings).isNotEmpty();

    write(repo, "a-shop.yaml", COMPLIANT);
    // An unrendered template as the second document of an otherwise good file.
    int second = (int) NO_DEFAULT_DENY.lines().count() + 2;
    write(
        repo,
        "b-pay.yaml",
        NO_DEFAULT_DENY.replace("namespace: shop", "namespace: pay") + "---\n" + UNRENDERED);
    errors.add(new Expected("b-pay.yaml", second + 3, "helm template"));
    write(
        repo, "c-indent.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n data: x\n");
    errors.add(new Expected("c-indent.yaml", 5, "malformed YAML"));
    write(repo, "d-unclosed.json", "{\"apiVersion\": \"v1\", \"kind\": [\n");
    errors.add(new Expected("d-unclosed.json", 2, "malformed YAML"));
    write(
        repo,
        "e-wrong-type.yaml",
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
            + "metadata: {name: x, namespace: shop}\nspec: {podSelector: {}, ingress: all}\n");
    errors.add(new Expected("e-wrong-type.yaml", 1, "spec.ingress"));
    write(repo, "f-no-kind.yaml", "apiVersion: v1\nmetadata: {name: x}\n");
    errors.add(new Expected("f-no-kind.yaml", 1, "no kind"));
    Files.write(repo.resolve("g-binary.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
    errors.add(new Expected("g-binary.yaml", 0, "not UTF-8"));
    // The kernel refuses to read this file whoever asks, root included: a real read error.
    Files.createSymbolicLink(repo.resolve("h-unreadable.yaml"), Path.of("/proc/self/mem"));
    errors.add(new Expected("h-unreadable.yaml", 0, "cannot read"));
  }

  /** The link, not /proc's file: JUnit would warn about a link leaving the temporary folder. */
  @AfterEach
  void removeTheLink() throws IOException {
    Files.deleteIfExists(repo.resolve("h-unreadable.yaml"));
  }

  private CliRun.Result run(String format, String... extra) {
    List<String> args = new ArrayList<>(List.of("-f", repo.toString(), "-o", format));
    args.addAll(List.of(extra));
    return audit(args.toArray(String[]::new));
  }

  private String file(Expected e) {
    return repo.resolve(e.file()).toString();
  }

  private String at(Expected e) {
    return file(e) + (e.line() > 0 ? ":" + e.line() : "");
  }

  @Test
  void jsonListsEveryErrorAndStillHasEveryFinding() throws IOException {
    CliRun.Result r = run("json");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    JsonNode json = JSON.readTree(r.out());
    assertThat(AuditFormatsTest.auditSchema().validate(json)).isEmpty();
    JsonNode listed = json.get("errors");
    assertThat(listed).hasSize(errors.size());
    for (int i = 0; i < errors.size(); i++) {
      Expected e = errors.get(i);
      JsonNode error = listed.get(i);
      assertThat(error.get("file").asText()).isEqualTo(file(e));
      assertThat(error.path("line").asInt()).as(error.toString()).isEqualTo(e.line());
      assertThat(error.get("message").asText()).contains(e.words());
    }
    assertThat(json.at("/summary/input/errors").asInt()).isEqualTo(errors.size());
    // Every finding of the good input, and from the same files and documents.
    assertThat(withoutFolder(json.get("findings"), repo))
        .isEqualTo(withoutFolder(expectedFindings, dir.resolve("good")));
    // Each line goes to stderr too, where a CI log shows it.
    for (Expected e : errors) {
      assertThat(r.err()).contains("rempart audit: " + at(e) + ": ");
    }
    assertThat(r.hasStackTrace()).isFalse();
  }

  /** The findings with their file names reduced to the name, as the two runs' folders differ. */
  private static String withoutFolder(JsonNode findings, Path folder) {
    return findings
        .toString()
        .replace(folder + "/", "")
        .replace("a-shop.yaml", "shop.yaml")
        .replace("b-pay.yaml", "pay.yaml");
  }

  @Test
  void theExitCodeIsTwoWhateverTheThreshold() {
    assertThat(run("table", "--fail-on", "none").exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("table", "--fail-on", "critical").exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void sarifHasAToolExecutionNotificationPerError() throws IOException {
    CliRun.Result r = run("sarif");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    JsonNode sarif = JSON.readTree(r.out());
    assertThat(AuditFormatsTest.validateSarif(sarif)).isEmpty();
    JsonNode invocation = sarif.at("/runs/0/invocations/0");
    assertThat(invocation.get("executionSuccessful").asBoolean()).isFalse();
    JsonNode notifications = invocation.get("toolExecutionNotifications");
    assertThat(notifications).hasSize(errors.size());
    for (int i = 0; i < errors.size(); i++) {
      Expected e = errors.get(i);
      JsonNode n = notifications.get(i);
      assertThat(n.get("level").asText()).isEqualTo("error");
      assertThat(n.at("/message/text").asText()).contains(e.words());
      JsonNode physical = n.at("/locations/0/physicalLocation");
      assertThat(physical.at("/artifactLocation/uri").asText())
          .isEqualTo(Path.of(file(e)).toUri().toString());
      assertThat(physical.at("/region/startLine").asInt()).isEqualTo(e.line());
    }
    assertThat(sarif.at("/runs/0/results")).hasSize(expectedFindings.size());
  }

  @Test
  void junitHasAnErrorCasePerError() throws Exception {
    CliRun.Result r = run("junit");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    Document xml = AuditFormatsTest.parseXml(r.out());
    assertThat(xml.getDocumentElement().getAttribute("errors"))
        .isEqualTo(Integer.toString(errors.size()));
    Element input = suite(xml, "input");
    assertThat(input.getAttribute("errors")).isEqualTo(Integer.toString(errors.size()));
    NodeList cases = input.getElementsByTagName("testcase");
    assertThat(cases.getLength()).isEqualTo(errors.size());
    for (int i = 0; i < errors.size(); i++) {
      Element c = (Element) cases.item(i);
      assertThat(c.getAttribute("name")).isEqualTo(at(errors.get(i)));
      Element error = (Element) c.getElementsByTagName("error").item(0);
      assertThat(error.getAttribute("message")).contains(errors.get(i).words());
    }
    // The controls' suites are still there, with the findings of the good input.
    assertThat(suite(xml, "clause 4.4 network").getAttribute("failures")).isEqualTo("1");
  }

  private static Element suite(Document xml, String name) {
    NodeList suites = xml.getElementsByTagName("testsuite");
    for (int i = 0; i < suites.getLength(); i++) {
      Element s = (Element) suites.item(i);
      if (s.getAttribute("name").equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no test suite " + name);
  }

  @Test
  void theTableListsEveryErrorBeforeItsVerdict() {
    CliRun.Result r = run("table");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    String out = r.out();
    assertThat(out).contains("Could not read " + errors.size() + " inputs (not audited)");
    for (Expected e : errors) {
      assertThat(out).contains("  " + at(e) + ": ");
    }
    assertThat(out)
        .contains("ERROR: the audit is incomplete: " + errors.size() + " inputs could not be read")
        .contains("Namespace pay  network/defaultDeny")
        .contains("FAIL: 1 finding (1 high)");
  }

  @Test
  void markdownSaysTheAuditIsIncompleteAndLists() {
    CliRun.Result r = run("markdown");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out())
        .startsWith("### Rempart audit incomplete: 1 high")
        .contains("**" + errors.size() + " inputs could not be read**")
        .contains("| **high** | platform | 4.4");
    for (Expected e : errors) {
      assertThat(r.out()).contains("- `" + at(e) + "`: ");
    }
  }
}
