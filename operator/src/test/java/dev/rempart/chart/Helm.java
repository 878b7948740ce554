package dev.rempart.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real Helm 3 binary, as users do, against Rempart's chart.
 *
 * <p>The binary is the system property {@code rempart.helm} (the Maven build sets it to {@code
 * ~/.cache/rempart/bin/helm}, where {@code hack/helm-binary.sh} puts it), else the environment
 * variable {@code REMPART_HELM}. Helm's own cache, config and data go to a fresh folder under
 * {@code target/}, so the tests never read or change the user's Helm repositories or plugins.
 */
public final class Helm {
  private static final long TIMEOUT_SECONDS = 300;

  private final Path binary;
  private final Path home;

  private Helm(Path binary, Path home) {
    this.binary = binary;
    this.home = home;
  }

  /** The Helm of this build; fails with what to run when it is missing. */
  public static Helm binary() {
    String configured = System.getProperty("rempart.helm", System.getenv("REMPART_HELM"));
    if (configured == null || configured.isBlank()) {
      throw new IllegalStateException(
          "no Helm binary: run `bash hack/helm-binary.sh` and pass -Drempart.helm=<its output>");
    }
    Path binary = Path.of(configured);
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          "Helm binary "
              + binary
              + " not found: run `bash hack/helm-binary.sh` (it builds Helm into"
              + " ~/.cache/rempart/bin) or pass -Drempart.helm=/path/to/helm");
    }
    try {
      Path target = Files.createDirectories(Path.of("target"));
      return new Helm(binary, Files.createTempDirectory(target, "helm-home"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The repository root (the Maven build sets {@code rempart.repository.root}). */
  public static Path repositoryRoot() {
    return Path.of(System.getProperty("rempart.repository.root", ".."))
        .toAbsolutePath()
        .normalize();
  }

  /** Rempart's chart in this checkout. */
  public static Path chart() {
    return repositoryRoot().resolve("helm/rempart");
  }

  /** {@code helm template <release> <chart> --namespace <namespace> <extra...>}; must succeed. */
  public String template(String release, String namespace, String... extra) {
    return run(templateArgs(release, namespace, extra)).orThrow().stdout();
  }

  /** As {@link #template}, but returns the result whether Helm accepted the values or not. */
  public Result tryTemplate(String release, String namespace, String... extra) {
    return run(templateArgs(release, namespace, extra));
  }

  private static List<String> templateArgs(String release, String namespace, String... extra) {
    List<String> args = new ArrayList<>(List.of("template", release, chart().toString()));
    args.addAll(List.of("--namespace", namespace));
    args.addAll(Arrays.asList(extra));
    return args;
  }

  /** Runs {@code helm <args>} and waits for it. */
  public Result run(String... args) {
    return run(Arrays.asList(args));
  }

  /** Runs {@code helm <args>} and waits for it (at most five minutes). */
  public Result run(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    command.addAll(args);
    try {
      Path out = Files.createTempFile(home, "stdout", ".txt");
      Path err = Files.createTempFile(home, "stderr", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      Map<String, String> env = builder.environment();
      env.put("HELM_CACHE_HOME", home.resolve("cache").toString());
      env.put("HELM_CONFIG_HOME", home.resolve("config").toString());
      env.put("HELM_DATA_HOME", home.resolve("data").toString());
      env.remove("KUBECONFIG"); // only what a test passes with --kubeconfig
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out after " + TIMEOUT_SECONDS + "s: " + command);
      }
      Result result =
          new Result(
              command,
              process.exitValue(),
              Files.readString(out, StandardCharsets.UTF_8),
              Files.readString(err, StandardCharsets.UTF_8));
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + command, e);
    }
  }

  /** What a Helm command printed and how it ended. */
  public record Result(List<String> command, int exitCode, String stdout, String stderr) {
    public boolean succeeded() {
      return exitCode == 0;
    }

    /** This result, or an exception that shows the command and everything Helm printed. */
    public Result orThrow() {
      if (!succeeded()) {
        throw new IllegalStateException(
            "helm failed (exit " + exitCode + "): " + command + "\n" + stderr + "\n" + stdout);
      }
      return this;
    }
  }
}
