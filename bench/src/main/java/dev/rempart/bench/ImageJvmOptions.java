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
 * default memory limit (read from its values): inside the container the JVM sizes its heap (maximum
 * and initial) from the cgroup limit, here it would size it from the machine's 24 GiB.
 */
final class ImageJvmOptions {
  private static final Pattern LIMITS_MEMORY =
      Pattern.compile(
          "(?m)^resources:\\s*$(?:\\n[ #].*$)*?\\n  limits:\\s*$(?:\\n    .*$)*?\\n    memory:\\s*(\\d+)(Mi|Gi)\\s*$");

  private static final Pattern ENTRYPOINT = Pattern.compile("(?m)^ENTRYPOINT\\s*\\[(.*)]\\s*$");
  private static final Pattern ENV = Pattern.compile("(?m)^ENV\\s+([A-Z_]+)=(\\S+)\\s*$");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

  private ImageJvmOptions() {}

  static String fromDockerfile(Path dockerfile, Path chartValues) throws IOException {
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
    options.add("-XX:MaxRAM=" + chartMemoryLimit(chartValues));
    return String.join(" ", options);
  }

  /** The chart's default memory limit ({@code resources.limits.memory}) as a JVM size. */
  static String chartMemoryLimit(Path chartValues) throws IOException {
    Matcher limit = LIMITS_MEMORY.matcher(Files.readString(chartValues));
    if (!limit.find()) {
      throw new IllegalStateException(chartValues + " has no resources.limits.memory in Mi or Gi");
    }
    return limit.group(1) + (limit.group(2).equals("Gi") ? "g" : "m");
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
