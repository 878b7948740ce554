package dev.rempart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.io.ManifestException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class MainTest {
  @Test
  void helpListsTheSubcommandsAndTheExitCodes() {
    CliRun.Result r = CliRun.run("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("audit", "report", "Exit codes:", "--version");
  }

  @Test
  void versionComesFromTheFilteredProperties() {
    CliRun.Result r = CliRun.run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out().trim()).matches("rempart \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(r.out()).doesNotContain("${");
  }

  @Test
  void noSubcommandIsAUsageError() {
    CliRun.Result r = CliRun.run();
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("rempart: Missing subcommand").contains("rempart --help");
  }

  @Test
  void anUnknownOptionIsOneLineAndExitTwo() {
    CliRun.Result r = CliRun.run("audit", "-f", "x.yaml", "--colour");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err().lines().toList())
        .containsExactly(
            "rempart audit: Unknown option: '--colour'",
            "Try 'rempart audit --help' for more information.");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void anUnknownSubcommandIsAUsageError() {
    CliRun.Result r = CliRun.run("audits");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("audits");
  }

  @Command(name = "boom")
  static final class Failing implements Callable<Integer> {
    private final RuntimeException failure;

    Failing(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() {
      throw failure;
    }
  }

  private static CliRun.Result runFailing(RuntimeException failure) {
    CommandLine cli = new CommandLine(new Failing(failure));
    cli.setExecutionExceptionHandler(new ErrorHandlers.Execution());
    StringWriter err = new StringWriter();
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute();
    return new CliRun.Result(code, "", err.toString());
  }

  @Test
  void aUserMistakeIsOneLineWithoutStackTrace() {
    CliRun.Result r = runFailing(new ManifestException("a.yaml:3: malformed YAML: oops\nmore"));
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).isEqualTo("boom: a.yaml:3: malformed YAML: oops" + System.lineSeparator());
    assertThat(r.hasStackTrace()).isFalse();
  }

  @Test
  void anApiServerThatRefusesIsOneLineThatSaysWhatToCheckNotABug() {
    var forbidden =
        new KubernetesClientException(
            new StatusBuilder()
                .withCode(403)
                .withMessage(
                    "selfsubjectrulesreviews.authorization.k8s.io is forbidden: User"
                        + " \"system:serviceaccount:rempart:rempart\" cannot create resource")
                .build());
    CliRun.Result r = runFailing(new IllegalStateException("operator start failed", forbidden));
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .startsWith("boom: the API server refused a request (403 Forbidden): ")
        .contains("selfsubjectrulesreviews", "chart's RBAC", "has just started");
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.hasStackTrace()).isFalse();
  }

  @Test
  void anApiServerThatCannotBeReachedIsOneLine() {
    CliRun.Result r =
        runFailing(
            new KubernetesClientException(
                "Operation: [list]  for kind: [Namespace]  with name: [null]  in namespace: [null]"
                    + "  failed.",
                new java.net.ConnectException("Connection refused")));
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .startsWith("boom: could not talk to the API server: Operation: [list]")
        .contains("(Connection refused)", "server address");
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.hasStackTrace()).isFalse();
  }

  @Test
  void aConnectionRefusedWithoutAMessageIsNamedByItsKind() {
    // What the JDK client gives for a closed port: causes without messages.
    var refused = new java.net.ConnectException();
    refused.initCause(new java.nio.channels.ClosedChannelException());
    CliRun.Result r =
        runFailing(
            new KubernetesClientException(
                "An error has occurred.", new java.io.IOException((String) null, refused)));
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .startsWith(
            "boom: could not talk to the API server: An error has occurred"
                + " (java.net.ConnectException). Check the kubeconfig's server address");
    assertThat(r.err().lines()).hasSize(1);
    assertThat(r.hasStackTrace()).isFalse();
  }

  @Test
  void aBugPrintsItsStackTraceAndExitsThree() {
    CliRun.Result r = runFailing(new IllegalStateException("invariant broken"));
    assertThat(r.exitCode()).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(r.err()).contains("internal error", "invariant broken");
    assertThat(r.hasStackTrace()).isTrue();
  }
}
