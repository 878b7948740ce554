package dev.rempart.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options the image runs the operator with, read from the Dockerfile's ENTRYPOINT so that
 * the benchmark cannot drift from what ships, plus {@code -XX:MaxRAM} standing for the chart's
 * memory limit: inside the container the JVM sizes its heap (maximum and initial) from the cgroup
 * limit, here it would size it from the machine's 24 GiB.
 */
final class ImageJvmOptions {
  /** The chart's default memory limit (helm/rempart/values.yaml, resources.limits.memory). */
  static final String CHART_MEMORY_LIMIT = "512m";

  private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT\\s*\\[(.*)]\\s*$");
  private static final Pattern ENV = Pattern.compile("(?m)^ENV\\s+([A-Z_]+)=(\\S+)\\s*$");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  private ImageJvmOptions() {}

  static String fromDockerfile(Path dockerfile) throws IOException {
    Matcher entrypoint = ENTRYPOINT.matcher(Files.readString(dockerfile));
    if (!entrypoint.find()) {
      throw new IllegalStateException(dockerfile + " has no ENTRYPOINT [...] line");
    }
    List<String> options = new ArrayList<>();
    Matcher word = QUOTED.matcher(entrypoint.group(1));
    while (word.find() && !word.group(1).equals("-jar")) {
      if (word.group(1).startsWith("-")) {
        options.add(word.group(1));
      }
    }
    options.add("-XX:MaxRAM=" + CHART_MEMORY_LIMIT);
    return String.join(" ", options);
  }

  /** The image's {@code ENV KEY=value} lines (the C library's settings among them). */
  static Map<String, String> environment(Path dockerfile) throws IOException {
    Map<String, String> environment = new LinkedHashMap<>();
    Matcher line = ENV.matcher(Files.readString(dockerfile));
    while (line.find()) {
      environment.put(line.group(1), line.group(2));
    }
    return environment;
  }
}
