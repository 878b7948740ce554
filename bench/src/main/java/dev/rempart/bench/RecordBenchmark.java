package dev.rempart.bench;

import dev.rempart.record.EventType;
import dev.rempart.record.ObjectRef;
import dev.rempart.record.RecordEvent;
import dev.rempart.recorder.InMemoryChainHeadStore;
import dev.rempart.recorder.Recorder;
import dev.rempart.recorder.RecorderSettings;
import dev.rempart.recorder.StandardOutputSink;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The record's cost per entry: N events (one per namespace, a finding's size of detail) recorded,
 * chained (RFC 8785 form, SHA-256) and written as JSON lines to a file. Prints the time spent in
 * {@code record()} by the caller, the time to write every batch, the file's size; run.sh then
 * verifies the file with {@code rempart record verify}.
 */
public final class RecordBenchmark {
  private RecordBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    RecordEvent[] events = new RecordEvent[count];
    for (int i = 0; i < count; i++) {
      events[i] =
          RecordEvent.of(
              EventType.FINDING_OPENED,
              "saas-addendum",
              "4.4",
              new ObjectRef("v1", "Namespace", null, "team-" + i),
              Map.of(
                  "control", "network",
                  "check", "defaultDeny",
                  "severity", "high",
                  "message", "namespace team-" + i + " has no default-deny NetworkPolicy"));
    }
    // Warm-up, to a discarded stream, so that the figures are the steady state's.
    run(new PrintStream(PrintStream.nullOutputStream()), events, false);
    try (PrintStream file =
        new PrintStream(new BufferedOutputStream(new FileOutputStream(out.toFile()), 1 << 16))) {
      run(file, events, true);
    }
    System.out.printf(
        "record file: %s, %d lines, %.1f MB%n", out, count + 1, Files.size(out) / 1e6);
  }

  private static void run(PrintStream sink, RecordEvent[] events, boolean print) throws Exception {
    // A queue as large as the run: the caller's time and the writer's are measured apart.
    RecorderSettings settings =
        new RecorderSettings(500, Duration.ofHours(1), Math.max(500, events.length + 1));
    try (Recorder recorder =
        Recorder.start(
            new InMemoryChainHeadStore(),
            List.of(new StandardOutputSink(sink)),
            Clock.systemUTC(),
            settings)) {
      long start = System.nanoTime();
      for (RecordEvent event : events) {
        recorder.record(event);
      }
      long queued = System.nanoTime();
      recorder.flushAll();
      long written = System.nanoTime();
      if (print) {
        System.out.printf(
            "record(): %d events in %d ms (%.2f us each, the operator's cost)%n",
            events.length, (queued - start) / 1_000_000, (queued - start) / 1e3 / events.length);
        System.out.printf(
            "chain + RFC 8785 + SHA-256 + write: %d ms after the last record() (%.2f us per"
                + " entry, on the recorder's thread)%n",
            (written - queued) / 1_000_000, (written - start) / 1e3 / (events.length + 1));
      }
    }
  }
}
