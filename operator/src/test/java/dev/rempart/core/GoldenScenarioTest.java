package dev.rempart.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every golden scenario through the evaluation core and compares with its expected files. */
class GoldenScenarioTest {
  private static final boolean UPDATE = Boolean.getBoolean("rempart.golden.update");

  @TestFactory
  Stream<DynamicTest> scenarios() {
    assertThat(GoldenScenarios.all()).as("golden scenarios").isNotEmpty();
    return GoldenScenarios.all().stream()
        .map(
            scenario ->
                DynamicTest.dynamicTest(
                    GoldenScenarios.ROOT.relativize(scenario).toString(), () -> check(scenario)));
  }

  private static void check(Path scenario) throws Exception {
    var snapshot = Snapshot.builder().addAll(GoldenScenarios.cluster(scenario)).build();
    var result =
        Evaluator.standard()
            .evaluate(
                GoldenScenarios.baseline(scenario), snapshot, GoldenScenarios.clock(scenario));
    for (Map.Entry<String, String> out : GoldenScenarios.render(result).entrySet()) {
      Path expected = scenario.resolve(out.getKey());
      if (UPDATE) {
        Files.writeString(expected, out.getValue());
      }
      assertThat(expected).as("expected file %s", expected).exists();
      assertThat(out.getValue())
          .as("%s (rerun with -Drempart.golden.update=true to rewrite, then review)", expected)
          .isEqualTo(Files.readString(expected));
    }
  }
}
