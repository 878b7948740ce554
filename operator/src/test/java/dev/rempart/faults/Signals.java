package dev.rempart.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** POSIX signals and CPU time of processes, which {@link Process} does not offer. */
final class Signals {
  private Signals() {}

  /** Sends SIGname (STOP, CONT, KILL) to the process with {@code kill(1)}. */
  static void send(long pid, String name) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + name + " " + pid + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** User + system CPU the process has used so far, in seconds (from /proc/PID/stat). */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The resident set of the process, in MiB (VmRSS). */
  static long rssMiB(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
              .filter(l -> l.startsWith("VmRSS:"))
              .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
              .findFirst()
              .orElse(0L)
          / 1024;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A numeric field of /proc/PID/status, such as Threads. */
  static long status(long pid, String field) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
          .filter(l -> l.startsWith(field + ":"))
          .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
          .findFirst()
          .orElse(0L);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
