package dev.rempart.cli.audit;

import static dev.rempart.cli.audit.AuditCoverageTest.CORPUS;
import static dev.rempart.cli.audit.AuditFixtures.auditBuiltIn;
import static dev.rempart.cli.audit.AuditFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.cli.input.BaselineLoader;
import dev.rempart.core.Evaluator;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Help.Ansi;

/** Output that fits where it goes: PR comments, terminals, code-scanning dashboards. */
class AuditSizedOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REPOSITORY =
      Path.of(System.getProperty("rempart.repository.root", ".."));

  @TempDir Path dir;

  private static AuditReport corpusAudit() {
    return new AuditRunner(Evaluator.standard(), InputStream.nullInputStream(), AuditFixtures.CLOCK)
        .audit(
            List.of(CORPUS.toString()),
            BaselineLoader.builtin(),
            List.of(),
            FailOn.HIGH,
            new AuditRunner.Settings(
                dev.rempart.cli.input.InputOptions.defaults(), FindingScope.ALL, null));
  }

  /** Many privileged workloads in many namespaces: far more findings than a comment holds. */
  private Path manyFindings() {
    StringBuilder yaml = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      yaml.append(
          """
          ---
          apiVersion: v1
          kind: Pod
          metadata: {name: debug-%d, namespace: team-%d}
          spec:
            containers:
            - name: debug
              image: "busybox:latest"
              securityContext: {privileged: true}
          """
              .formatted(i, i % 50));
    }
    return write(dir, "many.yaml", yaml.toString());
  }

  @Test
  void markdownStaysUnderAPullRequestCommentsLimit() {
    String md = auditBuiltIn("-f", manyFindings().toString(), "-o", "markdown").out();
    assertThat(md.length()).isLessThanOrEqualTo(MarkdownFormatter.LIMIT).isLessThan(65_536);
    assertThat(md)
        .startsWith("### Rempart audit failed: 400 critical,")
        .contains("more findings not shown** (of ")
        .contains("`rempart audit -o sarif`, `-o json`")
        .endsWith("</details>\n");
  }

  @Test
  void markdownShowsTheFailingAndMostSevereFirstWithinTheLimit() {
    AuditReport audit = corpusAudit();
    String md = MarkdownFormatter.render(audit, 8_000);
    assertThat(md.length()).isLessThanOrEqualTo(8_000);
    List<String> rows = md.lines().filter(l -> l.startsWith("| ")).toList();
    // The header row, then the findings: the critical ones first.
    assertThat(rows.get(1)).startsWith("| **critical** |");
    int hidden = audit.findings().size() - (rows.size() - 1);
    assertThat(hidden).isPositive();
    assertThat(md)
        .contains("**" + hidden + " more findings not shown** (of " + audit.findings().size());
  }

  @Test
  void theTableIsNeverWiderThanTheTerminal() {
    AuditReport audit = corpusAudit();
    for (int width : new int[] {100, 72}) {
      StringWriter out = new StringWriter();
      new TableFormatter(width).write(audit, new PrintWriter(out), Ansi.OFF);
      assertThat(out.toString().lines().filter(l -> l.length() > width).toList())
          .as("lines wider than %d", width)
          .isEmpty();
      assertThat(out.toString().lines().filter(l -> l.endsWith(" ")).toList())
          .as("lines ending with a space")
          .isEmpty();
    }
    assertThat(TableFormatter.widthFrom(null)).isEqualTo(100);
    assertThat(TableFormatter.widthFrom("132")).isEqualTo(132);
    assertThat(TableFormatter.widthFrom("wide")).isEqualTo(100);
  }

  @Test
  void countsUseTheRightNumber() {
    String one =
        auditBuiltIn(
                "-f",
                write(dir, "one.yaml", AuditFixtures.NO_DEFAULT_DENY).toString(),
                "--scope",
                "all")
            .out();
    assertThat(one).contains("Read 1 object from 1 file:").doesNotContain("1 objects", "1 files");
    assertThat(Plural.of(2, "policy", "policies")).isEqualTo("2 policies");
  }

  @Test
  void sarifRulesDescribeTheCheckAndItsFix() throws Exception {
    JsonNode sarif =
        JSON.readTree(auditBuiltIn("-f", CORPUS.toString(), "-o", "sarif", "--scope", "all").out());
    for (JsonNode rule : sarif.at("/runs/0/tool/driver/rules")) {
      String id = rule.get("id").asText();
      assertThat(rule.at("/shortDescription/text").asText())
          .as(id)
          .isNotBlank()
          .hasSizeLessThan(80);
      assertThat(rule.at("/fullDescription/text").asText()).as(id).contains("Clause ");
      assertThat(rule.at("/help/markdown").asText()).as(id).contains("**Fix:**");
      assertThat(rule.at("/help/text").asText()).as(id).isNotBlank();
    }
    JsonNode privileged = rule(sarif, "podSecurity/privileged");
    assertThat(privileged.at("/shortDescription/text").asText()).isEqualTo("Privileged container");
    assertThat(privileged.at("/help/markdown").asText())
        .contains("`securityContext.privileged: false`")
        .doesNotStartWith("No default passwords");
  }

  @Test
  void everyCheckTheGoldenScenariosRaiseHasAHelpText() throws Exception {
    TreeSet<String> checks = new TreeSet<>();
    try (Stream<Path> files =
        Files.walk(REPOSITORY.resolve("operator/src/test/resources/golden"))) {
      for (Path f :
          files.filter(p -> p.getFileName().toString().equals("out-findings.yaml")).toList()) {
        Files.readAllLines(f).stream()
            .map(String::trim)
            .filter(l -> l.startsWith("check:") || l.startsWith("- check:"))
            .map(l -> l.substring(l.indexOf(':') + 1).trim())
            .forEach(checks::add);
      }
    }
    assertThat(checks).hasSizeGreaterThan(30);
    assertThat(RuleHelp.checks()).containsAll(checks);
  }

  private static JsonNode rule(JsonNode sarif, String id) {
    for (JsonNode rule : sarif.at("/runs/0/tool/driver/rules")) {
      if (rule.get("id").asText().equals(id)) {
        return rule;
      }
    }
    throw new AssertionError("no rule " + id);
  }
}
