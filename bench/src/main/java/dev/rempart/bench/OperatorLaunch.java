package dev.rempart.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts {@code rempart operator} as its own process for the benchmarks that measure it from
 * outside, with the JVM options of {@code OPERATOR_JAVA_OPTS} (for example {@code -Xmx256m}, the
 * heap the chart's 512Mi limit gives).
 */
final class OperatorLaunch {
  private OperatorLaunch() {}

  /**
   * @param reportFormat the operator's {@code --report-format}
   */
  static Process start(Path jar, Path kubeconfig, int metricsPort, String reportFormat)
      throws IOException {
    List<String> command = new ArrayList<>(List.of("java"));
    String options = System.getenv().getOrDefault("OPERATOR_JAVA_OPTS", "").trim();
    if (!options.isEmpty()) {
      command.addAll(List.of(options.split("\\s+")));
    }
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "operator",
            "--kubeconfig",
            kubeconfig.toString(),
            "--health-port",
            "0",
            "--metrics-port",
            Integer.toString(metricsPort),
            "--report-format",
            reportFormat,
            "--log-level",
            "WARN"));
    System.out.println(
        "operator JVM options: " + (options.isEmpty() ? "(the JVM's defaults)" : options));
    return new ProcessBuilder(command).inheritIO().start();
  }
}
