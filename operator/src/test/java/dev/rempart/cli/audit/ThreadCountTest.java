package dev.rempart.cli.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files are parsed on several threads; the output must not depend on how many. */
class ThreadCountTest {
  private static final Path CORPUS =
      Path.of(System.getProperty("rempart.repository.root", "..")).resolve("../shared/corpus");

  private static CliRun.Result audit(String format, int threads) {
    return AuditFixtures.auditBuiltIn(
        "-f", CORPUS.toString(), "-o", format, "--threads", Integer.toString(threads));
  }

  @Test
  void theRealCorpusGivesTheSameJsonOnOneThreadAndOnFour() {
    assertThat(CORPUS).as("../shared/corpus").isDirectory();
    CliRun.Result one = audit("json", 1);
    CliRun.Result four = audit("json", 4);
    assertThat(one.exitCode()).as(one.err()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(one.out()).contains("\"findings\" : [ {");
    assertThat(four.out()).isEqualTo(one.out());
    assertThat(four.exitCode()).isEqualTo(one.exitCode());
    assertThat(audit("sarif", 3).out()).isEqualTo(audit("sarif", 1).out());
  }

  @Test
  void errorsAndSkippedInputsComeInTheOrderOfTheInputWhateverTheThreads(@TempDir Path dir)
      throws Exception {
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      // Good and bad documents interleaved, across many batches.
      many.append(
          i % 7 == 0
              ? "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [x\n---\n"
              : i % 5 == 0
                  ? "settings: {a: " + i + "}\n---\n"
                  : "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: sa-"
                      + i
                      + "\n  namespace: ns-"
                      + (i % 13)
                      + "\n---\n");
    }
    for (int f = 0; f < 12; f++) {
      Files.writeString(dir.resolve("f" + f + ".yaml"), many.toString());
    }
    CliRun.Result one =
        AuditFixtures.auditBuiltIn("-f", dir.toString(), "-o", "json", "--threads", "1");
    CliRun.Result four =
        AuditFixtures.auditBuiltIn("-f", dir.toString(), "-o", "json", "--threads", "4");
    assertThat(one.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(one.out()).contains("\"errors\"", "\"notManifests\"");
    assertThat(four.out()).isEqualTo(one.out());
    assertThat(four.err()).isEqualTo(one.err());
  }

  @Test
  void noThreadsIsAUsageError() {
    CliRun.Result r = audit("json", 0);
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--threads must be at least 1");
  }
}
