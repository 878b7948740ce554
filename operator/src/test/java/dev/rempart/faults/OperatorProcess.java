package dev.rempart.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code rempart operator} in a process of its own, from the jar the build packages ({@code
 * target/rempart.jar}), as the chart runs it: with leader election, under the chart's
 * ServiceAccount (its kubeconfig carries that identity's token), with the image's JVM options
 * unless told otherwise. Its log goes to {@code <name>.log} next to the control plane's.
 */
final class OperatorProcess implements AutoCloseable {
  static final String LEASE = "rempart-leader";

  private final Process process;
  private final int healthPort;
  private final int metricsPort;
  private final Path log;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private OperatorProcess(Process process, int healthPort, int metricsPort, Path log) {
    this.process = process;
    this.healthPort = healthPort;
    this.metricsPort = metricsPort;
    this.log = log;
  }

  /**
   * Starts the operator.
   *
   * @param kubeconfig its credentials and the address it reaches the API server at
   * @param leaseNamespace where it elects a leader (the chart's release namespace)
   * @param jvmOptions e.g. {@code -Xmx256m}
   */
  static OperatorProcess start(
      Path dir, String name, Path kubeconfig, String leaseNamespace, String... jvmOptions) {
    int healthPort = FaultControlPlane.freePort();
    int metricsPort = FaultControlPlane.freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        jvmOptions.length == 0
            ? List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError")
            : List.of(jvmOptions));
    command.addAll(
        List.of(
            "-jar",
            jar().toString(),
            "operator",
            "--kubeconfig",
            kubeconfig.toString(),
            "--health-port",
            Integer.toString(healthPort),
            "--metrics-port",
            Integer.toString(metricsPort),
            "--leader-election-namespace",
            leaseNamespace,
            "--lease-name",
            LEASE));
    Path log = dir.resolve(name + ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new OperatorProcess(process, healthPort, metricsPort, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The runnable jar the build makes; the integration tests run after {@code package}. */
  static Path jar() {
    Path jar = Path.of("target", "rempart.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar.toAbsolutePath() + " is missing: run ./mvnw -DskipTests package first");
    }
    return jar;
  }

  /** GET /readyz: 200, 503, or -1 when nothing answers (not started, paused, dead). */
  int readyz() {
    return status("http://127.0.0.1:" + healthPort + "/readyz");
  }

  int healthz() {
    return status("http://127.0.0.1:" + healthPort + "/healthz");
  }

  /** The Prometheus text of /metrics, or "" when nothing answers. */
  String metrics() {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private int status(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Exit status, waiting at most {@code seconds}; null while it still runs. */
  Integer exitStatus(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : null;
  }

  void pause() {
    Signals.send(pid(), "STOP");
  }

  void resume() {
    Signals.send(pid(), "CONT");
  }

  /** SIGKILL: no shutdown hook, the lease is not released, in-flight writes are cut. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      Signals.send(pid(), "CONT");
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill();
      }
    }
  }
}
