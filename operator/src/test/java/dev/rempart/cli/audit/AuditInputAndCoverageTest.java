package dev.rempart.cli.audit;

import static dev.rempart.cli.audit.AuditFixtures.NO_DEFAULT_DENY;
import static dev.rempart.cli.audit.AuditFixtures.auditBuiltIn;
import static dev.rempart.cli.audit.AuditFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the input's errors and skipped files (issue 15) meet the audit's coverage and sized output
 * (issue 16): each keeps its meaning when the other is there.
 */
class AuditInputAndCoverageTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void inputThatIsOnlyNotManifestsIsNoPassAndSaysHowToAuditIt() {
    Path repo = dir.resolve("repo");
    write(repo, "kustomization.yaml", "resources: [deployment.yaml]\n");
    CliRun.Result r = auditBuiltIn("-f", repo.toString());
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains("no Kubernetes object found in " + repo)
        .contains("1 skipped as not manifests, first " + repo.resolve("kustomization.yaml"))
        .contains("kustomize build")
        .doesNotContain("Exception");
  }

  @Test
  void inputWhoseEveryDocumentIsBrokenIsReportedNotAUsageMessage() throws Exception {
    Path broken = write(dir, "broken.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: [\n");
    CliRun.Result r = auditBuiltIn("-f", broken.toString(), "-o", "json");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    JsonNode json = JSON.readTree(r.out());
    assertThat(json.get("errors")).hasSize(1);
    assertThat(json.at("/summary/coverage/objectsNotAudited").asInt()).isZero();
    assertThat(r.err()).doesNotContain("no Kubernetes object found");
  }

  @Test
  void aHelmTestHookOfAKindNoControlReadsIsCountedAsATestHookThoughOnlyItsHeadIsRead()
      throws Exception {
    Path chart =
        write(
            dir,
            "chart.yaml",
            """
            apiVersion: example.com/v1
            kind: SmokeTest
            metadata:
              name: shop-smoke-test
              namespace: shop
              annotations:
                helm.sh/hook: test
            spec:
              url: http://web
            ---
            """
                + NO_DEFAULT_DENY);
    JsonNode json = JSON.readTree(auditBuiltIn("-f", chart.toString(), "-o", "json").out());
    assertThat(json.at("/summary/coverage/helmTestsSkipped").asInt()).isEqualTo(1);
    assertThat(json.at("/summary/input/skippedByKind/SmokeTest").isMissingNode()).isTrue();
  }

  @Test
  void markdownListsTheFirstErrorsOnlySoThatTheFindingsStillFit() {
    for (int i = 0; i < MarkdownFormatter.ERRORS_SHOWN + 5; i++) {
      write(dir, "broken-%02d.yaml".formatted(i), "apiVersion: v1\nkind: ConfigMap\nmetadata: [\n");
    }
    write(dir, "web.yaml", NO_DEFAULT_DENY);
    CliRun.Result r = auditBuiltIn("-f", dir.toString(), "-o", "markdown");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out())
        .startsWith("### Rempart audit incomplete")
        .contains("**" + (MarkdownFormatter.ERRORS_SHOWN + 5) + " inputs could not be read**")
        .contains("broken-19.yaml")
        .doesNotContain("broken-20.yaml")
        .contains("- and 5 more: the JSON output (`-o json`) lists them all.")
        .contains("| Severity | Owner |");
    assertThat(r.out().length()).isLessThanOrEqualTo(MarkdownFormatter.LIMIT);
  }
}
