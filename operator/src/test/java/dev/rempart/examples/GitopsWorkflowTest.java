package dev.rempart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.examples.WorkflowRunner.StepRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub Actions example ({@code examples/gitops/ci/github-actions.yaml}), run step by step on
 * two pull requests against a small repository made here with git: one that only moves what was
 * there (passes, though the manifests have high findings), one that adds a privileged pod (fails,
 * and the comment names the new finding).
 */
class GitopsWorkflowTest {
  private static final Path WORKFLOW =
      Path.of(System.getProperty("rempart.repository.root", ".."))
          .resolve("examples/gitops/ci/github-actions.yaml");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** On main: a Deployment that may run as root (a high finding the team owns) and a Service. */
  private static final String APP =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web, namespace: shop}
      spec:
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            serviceAccountName: web
            automountServiceAccountToken: false
            containers:
            - name: web
              image: "registry.example/web:1.4.2"
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: web, namespace: shop}
      spec:
        selector: {app: web}
        ports: [{port: 80, targetPort: 8080}]
      """;

  private static final String PRIVILEGED_POD =
      """
      apiVersion: v1
      kind: Pod
      metadata: {name: debug, namespace: shop}
      spec:
        containers:
        - name: debug
          image: "busybox:1.36"
          securityContext: {privileged: true}
      """;

  @TempDir Path dir;

  private Path repo;
  private String mainCommit;

  private String git(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("git", "-c", "user.name=test", "-c", "user.email=t@example.com"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("git %s: %s", String.join(" ", args), out).isZero();
    return out.trim();
  }

  private void repositoryOnMain() throws Exception {
    repo = Files.createDirectories(dir.resolve("repo"));
    git("init", "-q", "-b", "main");
    Files.createDirectories(repo.resolve("deploy"));
    Files.writeString(repo.resolve("deploy/app.yaml"), APP);
    git("add", ".");
    git("commit", "-q", "-m", "main");
    mainCommit = git("rev-parse", "HEAD");
  }

  private WorkflowRunner pullRequest(String name) throws IOException {
    return new WorkflowRunner(WORKFLOW, "audit", repo, Files.createDirectories(dir.resolve(name)))
        .context("github.event_name", "pull_request")
        .context("github.event.pull_request.base.sha", mainCommit)
        .context("github.event.pull_request.number", "7")
        .context("github.event.pull_request.head.repo.fork", "false")
        .context("github.token", "token");
  }

  private static StepRun step(List<StepRun> runs, String name) {
    return runs.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aPullRequestThatOnlyMovesExistingFindingsPasses() throws Exception {
    repositoryOnMain();
    git("checkout", "-q", "-b", "reorder");
    String[] documents = APP.split("---\n");
    Files.writeString(
        repo.resolve("deploy/app.yaml"),
        "# the shop, reordered\n\n---\n" + documents[1] + "---\n" + documents[0]);
    git("commit", "-q", "-am", "reorder");

    WorkflowRunner runner = pullRequest("pr-reorder");
    List<StepRun> runs = runner.run();

    StepRun base = step(runs, "Audit the base branch");
    assertThat(base.ran()).isTrue();
    assertThat(base.exitCode()).as(base.output()).isZero();
    StepRun audit = step(runs, "Audit (SARIF and Markdown)");
    assertThat(audit.exitCode()).as(audit.output()).isZero();
    assertThat(step(runs, "Fail on new findings of severity high and above").ran()).isFalse();

    JsonNode sarif = JSON.readTree(repo.resolve("rempart.sarif").toFile());
    JsonNode results = sarif.at("/runs/0/results");
    assertThat(results.size()).isPositive();
    assertThat(results.findValuesAsText("baselineState")).containsOnly("unchanged");
    assertThat(results.findValues("partialFingerprints")).allMatch(f -> f.has("rempart/v1"));
    // The high finding the team owns (runAsNonRoot) is there, as existing, and does not fail.
    assertThat(results.findValuesAsText("ruleId")).contains("podSecurity/runAsNonRoot");

    List<String> comments = runner.comments();
    assertThat(comments).hasSize(1);
    assertThat(comments.get(0))
        .startsWith("### Rempart audit passed:")
        .contains(", 0 new")
        .contains("(existing)")
        .hasSizeLessThan(65_536);
  }

  @Test
  void aPullRequestThatAddsAPrivilegedPodFailsOnThatFindingOnly() throws Exception {
    repositoryOnMain();
    git("checkout", "-q", "-b", "debug");
    Files.writeString(repo.resolve("deploy/debug.yaml"), PRIVILEGED_POD);
    git("add", ".");
    git("commit", "-q", "-m", "debug pod");

    WorkflowRunner runner = pullRequest("pr-debug");
    List<StepRun> runs = runner.run();

    assertThat(step(runs, "Audit (SARIF and Markdown)").exitCode()).isZero();
    StepRun verdict = step(runs, "Fail on new findings of severity high and above");
    assertThat(verdict.ran()).isTrue();
    assertThat(verdict.exitCode()).isEqualTo(1);
    assertThat(verdict.output()).contains("rempart audit exited with 1");
    assertThat(step(runs, "Comment on the pull request").ran()).isTrue();

    JsonNode results = JSON.readTree(repo.resolve("rempart.sarif").toFile()).at("/runs/0/results");
    List<String> newRules = new ArrayList<>();
    for (JsonNode r : results) {
      if (r.get("baselineState").asText().equals("new")) {
        newRules.add(r.get("ruleId").asText() + " " + r.at("/properties/resource/name").asText());
      }
    }
    assertThat(newRules)
        .contains("podSecurity/privileged debug")
        .allMatch(r -> r.endsWith(" debug"));

    String comment = runner.comments().get(0);
    assertThat(comment)
        .startsWith("### Rempart audit failed:")
        .contains("| **critical** | app |")
        .contains("`Pod shop/debug`");
  }
}
