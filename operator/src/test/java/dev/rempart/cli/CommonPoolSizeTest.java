package dev.rempart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Each case runs a JVM of its own: the pool's size is read once per JVM. */
class CommonPoolSizeTest {
  @Test
  void onTwoProcessorsMainGivesThePoolTwoThreads() throws Exception {
    assertThat(probe(2, "main")).isEqualTo("2");
  }

  @Test
  void withoutItThePoolHasOneThreadOnTwoProcessors() throws Exception {
    // What the JDK does on its own; if it ever changes, this class can go.
    assertThat(probe(2, "nothing")).isEqualTo("1");
  }

  @Test
  void aSizeGivenOnTheCommandLineIsKept() throws Exception {
    assertThat(probe(2, "main", "-D" + CommonPoolSize.PROPERTY + "=1")).isEqualTo("1");
  }

  @Test
  void onLargerMachinesTheJdkSizeIsKept() throws Exception {
    assertThat(probe(4, "main")).isEqualTo("3");
  }

  /** The common pool's size in a JVM with {@code processors} that ran {@code what} first. */
  private static String probe(int processors, String what, String... jvmOptions)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:ActiveProcessorCount=" + processors);
    command.addAll(List.of(jvmOptions));
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), Probe.class.getName(), what));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(out).isZero();
    return out.lines().reduce((first, second) -> second).orElse("").trim();
  }

  /**
   * Runs {@link Main#main} ({@code --version}, which exits) or nothing, and prints the pool's size
   * as the JVM ends.
   */
  static final class Probe {
    public static void main(String[] args) {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(() -> System.out.println(ForkJoinPool.getCommonPoolParallelism())));
      if (args[0].equals("main")) {
        Main.main(new String[] {"--version"});
      }
    }

    private Probe() {}
  }
}
