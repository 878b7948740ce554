package dev.rempart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the {@code bin/rempart audit} lines of the README's shell examples, as a reader would paste
 * them, and checks the exit code each one's comment announces ({@code # exit 1: ...}).
 */
class ReadmeExamplesTest {
  private static final Path ROOT = Path.of(System.getProperty("rempart.repository.root", ".."));
  private static final Pattern EXIT = Pattern.compile("#\\s*exit (\\d)");

  record Example(String line, List<String> args, Integer exit) {}

  static List<Example> examples() throws Exception {
    List<Example> examples = new ArrayList<>();
    boolean inShell = false;
    for (String line : Files.readAllLines(ROOT.resolve("README.md"))) {
      if (line.startsWith("```")) {
        inShell = !inShell && (line.equals("```bash") || line.equals("```sh"));
        continue;
      }
      if (!inShell || !line.startsWith("bin/rempart audit")) {
        continue;
      }
      int hash = line.indexOf(" #");
      String command = hash < 0 ? line : line.substring(0, hash);
      Matcher exit = EXIT.matcher(line);
      List<String> args = new ArrayList<>();
      String previous = "";
      for (String token : command.trim().split("\\s+")) {
        // Paths are relative to the repository's root, where a reader runs bin/rempart.
        boolean path = previous.equals("-f") || previous.startsWith("--baseline");
        args.add(path && !Path.of(token).isAbsolute() ? ROOT.resolve(token).toString() : token);
        previous = token;
      }
      examples.add(
          new Example(
              line,
              args.subList(1, args.size()),
              exit.find() ? Integer.valueOf(exit.group(1)) : null));
    }
    return examples;
  }

  @Test
  void theReadmesAuditExamplesRunWithTheExitCodesTheyAnnounce() throws Exception {
    List<Example> examples = examples();
    assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
    for (Example example : examples) {
      CliRun.Result r = CliRun.run(example.args().toArray(String[]::new));
      assertThat(r.err()).as(example.line()).isEmpty();
      assertThat(r.out()).as(example.line()).isNotBlank();
      if (example.exit() != null) {
        assertThat(r.exitCode()).as(example.line()).isEqualTo(example.exit());
      } else {
        assertThat(r.exitCode()).as(example.line()).isIn(0, 1);
      }
    }
  }

  @Test
  void theFirstExampleSaysWhatItDidNotAudit() throws Exception {
    Example first = examples().get(0);
    CliRun.Result r = CliRun.run(first.args().toArray(String[]::new));
    assertThat(r.out().replaceAll("\\n +", " "))
        .contains("Not audited: 4 objects in 1 namespace (shop): its labels do not match");
  }
}
