package dev.rempart.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Evaluator;
import dev.rempart.core.Finding;
import dev.rempart.core.GoldenScenarios;
import dev.rempart.core.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden exception scenarios through {@code rempart audit --exceptions}, in-process: the same
 * findings, excepted by the same exceptions, as the core gives the operator.
 */
class ExceptionsAuditTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCENARIOS = GoldenScenarios.ROOT.resolve("exceptions");

  @TestFactory
  Stream<DynamicTest> theCommandLineExceptsWhatTheCoreExcepts() {
    List<Path> scenarios =
        GoldenScenarios.all().stream().filter(p -> p.startsWith(SCENARIOS)).toList();
    assertThat(scenarios).hasSizeGreaterThanOrEqualTo(3);
    return scenarios.stream()
        .map(s -> DynamicTest.dynamicTest(s.getFileName().toString(), () -> check(s)));
  }

  private static void check(Path scenario) throws Exception {
    Clock clock = GoldenScenarios.clock(scenario);
    EvaluationResult core =
        Evaluator.standard()
            .evaluate(
                GoldenScenarios.baseline(scenario),
                Snapshot.builder().addAll(GoldenScenarios.cluster(scenario)).build(),
                clock);
    List<String> args = new ArrayList<>(List.of("audit", "-o", "json", "--fail-on", "none"));
    for (Path in : GoldenScenarios.inputs(scenario)) {
      args.addAll(List.of("-f", in.toString()));
    }
    args.addAll(List.of("--baseline", scenario.resolve("baseline.yaml").toString()));
    args.addAll(List.of("--exceptions", GoldenScenarios.exceptions(scenario).toString()));

    CliRun.Result run =
        CliRun.run(cli -> auditCommand(cli).clock = clock, args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    JsonNode audit = JSON.readTree(run.out());
    assertThat(findingLines(audit)).isEqualTo(findingLines(core.findings()));
    long excepted = core.exceptedFindings().size();
    assertThat(excepted).as("the scenario excepts something").isPositive();
    assertThat(audit.at("/summary/findings/excepted").asLong()).isEqualTo(excepted);
    assertThat(audit.at("/summary/findings/total").asLong()).isEqualTo(core.findings().size());
    assertThat(AuditFormatsTest.auditSchema().validate(audit)).isEmpty();
    assertThat(audit.at("/summary/exceptions").findValuesAsText("phase"))
        .isEqualTo(core.exceptions().stream().map(a -> a.phase().name()).toList());
    // And the golden file agrees on what is excepted.
    String golden = Files.readString(scenario.resolve("out-findings.yaml"));
    assertThat(golden.split("exceptedBy:", -1).length - 1).isEqualTo(excepted);
  }

  @Test
  void anExceptedFindingDoesNotFailTheAuditButAnOpenOneStillDoes() {
    Path scenario = SCENARIOS.resolve("audit-checks-resources-selector");
    String[] args = {
      "audit",
      "-f",
      scenario.resolve("in-cluster.yaml").toString(),
      "--baseline",
      scenario.resolve("baseline.yaml").toString(),
      "--exceptions",
      GoldenScenarios.exceptions(scenario).toString(),
      "--fail-on",
      "high"
    };
    CliRun.Result run = CliRun.run(cli -> auditCommand(cli).clock = clockOf(scenario), args);
    assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(run.out())
        .contains("EXCEPTED by legacy-privileged")
        .contains("1 of them excepted")
        .contains("Exception web-privileged is Invalid");
  }

  @Test
  void anExceptionsFileHoldingSomethingElseIsAUsageError(@TempDir Path dir) throws Exception {
    Path scenario = SCENARIOS.resolve("enforce-network-held-back");
    Path notExceptions = dir.resolve("x.yaml");
    Files.writeString(notExceptions, "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n");
    CliRun.Result run =
        CliRun.run(
            "audit",
            "-f",
            scenario.resolve("in-namespaces.yaml").toString(),
            "--baseline",
            scenario.resolve("baseline.yaml").toString(),
            "--exceptions",
            notExceptions.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("x.yaml:1: not a BaselineException");
  }

  private static Clock clockOf(Path scenario) {
    try {
      return GoldenScenarios.clock(scenario);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static AuditCommand auditCommand(picocli.CommandLine cli) {
    return (AuditCommand) cli.getSubcommands().get("audit").getCommand();
  }

  private static List<String> findingLines(List<Finding> findings) {
    return findings.stream()
        .map(
            f ->
                f.control()
                    + "/"
                    + f.check()
                    + " "
                    + f.resource().display()
                    + " excepted by "
                    + f.exceptedBy())
        .sorted()
        .toList();
  }

  private static List<String> findingLines(JsonNode audit) {
    List<String> lines = new ArrayList<>();
    for (JsonNode f : audit.get("findings")) {
      JsonNode r = f.get("resource");
      String display =
          r.get("kind").asText()
              + " "
              + (r.has("namespace") ? r.get("namespace").asText() + "/" : "")
              + r.get("name").asText();
      lines.add(
          f.get("control").asText()
              + "/"
              + f.get("check").asText()
              + " "
              + display
              + " excepted by "
              + (f.has("exceptedBy") ? f.get("exceptedBy").asText() : "null"));
    }
    return lines.stream().sorted().toList();
  }
}
