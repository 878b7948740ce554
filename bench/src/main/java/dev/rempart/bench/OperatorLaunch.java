package dev.rempart.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts {@code rempart operator} as its own process for the benchmarks that measure it from
 * outside.
 */
final class OperatorLaunch {
  private OperatorLaunch() {}

  /**
   * With the JVM options of {@code OPERATOR_JAVA_OPTS} (for example {@code -Xmx256m}, the heap the
   * chart's 512Mi limit gives), metrics on {@code metricsPort}, no health port.
   *
   * @param reportFormat the operator's {@code --report-format}
   */
  static Process start(Path jar, Path kubeconfig, int metricsPort, String reportFormat)
      throws IOException {
    String options = System.getenv().getOrDefault("OPERATOR_JAVA_OPTS", "");
    System.out.println(
        "operator JVM options: " + (options.isBlank() ? "(the JVM's defaults)" : options.trim()));
    return start(
        "java",
        options,
        Map.of(),
        jar,
        kubeconfig,
        List.of(
            "--health-port",
            "0",
            "--metrics-port",
            Integer.toString(metricsPort),
            "--report-format",
            reportFormat));
  }

  /**
   * {@code java options -jar jar operator --kubeconfig kubeconfig arguments --log-level WARN}, with
   * {@code environment} added to this process's, its output on this process's.
   */
  static Process start(
      String java,
      String options,
      Map<String, String> environment,
      Path jar,
      Path kubeconfig,
      List<String> arguments)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(java));
    if (!options.isBlank()) {
      command.addAll(List.of(options.trim().split("\\s+")));
    }
    command.addAll(
        List.of("-jar", jar.toString(), "operator", "--kubeconfig", kubeconfig.toString()));
    command.addAll(arguments);
    command.addAll(List.of("--log-level", "WARN"));
    ProcessBuilder process = new ProcessBuilder(command).inheritIO();
    process.environment().putAll(environment);
    return process.start();
  }
}
