package dev.rempart.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CPU time that the writer (the plain client's JVM or the operator) and the control plane this
 * benchmark started (its kube-apiserver and etcd, children of this JVM) spent over a phase: on a
 * small machine they share the cores, so a writer that burns CPU slows the API server it waits for.
 */
final class CpuShares {
  private final long writer;
  private final Map<String, Long> before;
  private final long startNanos = System.nanoTime();

  private CpuShares(long writer) {
    this.writer = writer;
    this.before = sample(writer);
  }

  static CpuShares start(long writerPid) {
    return new CpuShares(writerPid);
  }

  /** One line: each process's CPU seconds over the phase, and the phase's wall time. */
  String report(String writerName) {
    Map<String, Long> after = sample(writer);
    StringBuilder line = new StringBuilder();
    for (var entry : after.entrySet()) {
      long ticks = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
      String name = entry.getKey().equals("writer") ? writerName : entry.getKey();
      line.append(String.format("%s %.2f s, ", name, ticks / 100.0));
    }
    return line.append(
            String.format("over %.2f s of wall time", (System.nanoTime() - startNanos) / 1e9))
        .toString();
  }

  private static Map<String, Long> sample(long writer) {
    Map<String, Long> ticks = new LinkedHashMap<>();
    ticks.put("writer", ticks(writer));
    ProcessHandle.current()
        .descendants()
        .forEach(
            p -> {
              String command = p.info().command().orElse("");
              String name = Path.of(command.isEmpty() ? "?" : command).getFileName().toString();
              if (name.equals("kube-apiserver") || name.equals("etcd")) {
                ticks.merge(name, ticks(p.pid()), Long::sum);
              }
            });
    return ticks;
  }

  /** user + system CPU of a process so far, in clock ticks (1/100 s). */
  static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
