package dev.rempart.operator.policyreports;

import dev.rempart.operator.WritePriority;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends report writes and removals in the background, a few at a time, so that no reconcile (and no
 * repair queued behind one) waits for them. Each place holds at most one pending change, the
 * latest: a report that changes twice before it is written is written once, as it is last. A failed
 * write is retried at the baseline's next publication. Each write waits its turn behind the
 * operator's applies and repairs ({@link WritePriority}): a cold start's thousands of reports are
 * written in the gaps between them, not beside them.
 */
final class ReportWriter implements AutoCloseable {
  private final ExecutorService threads;
  private final Function<ReportManifest, String> send;
  private final Function<ReportKey, String> remove;
  private final WritePriority priority;

  /** The latest change wanted at each place: a manifest to write, or empty to remove. */
  private final Map<ReportKey, Optional<Supplier<ReportManifest>>> queued = new HashMap<>();

  private final Map<ReportKey, String> baselineOf = new HashMap<>();
  private final Set<ReportKey> sending = new HashSet<>();
  private final Map<ReportKey, Optional<Supplier<ReportManifest>>> failed = new HashMap<>();
  private final Map<ReportKey, String> failedBaseline = new HashMap<>();
  private final Map<String, String> errors = new HashMap<>();

  /**
   * @param writers how many writes run at once
   * @param send writes a manifest; returns an error message, or null
   * @param remove removes a report; returns an error message, or null
   */
  ReportWriter(
      int writers, Function<ReportManifest, String> send, Function<ReportKey, String> remove) {
    this(writers, send, remove, new WritePriority());
  }

  /**
   * @param priority the writes a report write waits for (within its bound) before it starts
   */
  ReportWriter(
      int writers,
      Function<ReportManifest, String> send,
      Function<ReportKey, String> remove,
      WritePriority priority) {
    this.priority = priority;
    AtomicInteger n = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            writers,
            r -> {
              Thread t = new Thread(r, "rempart-reports-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.send = send;
    this.remove = remove;
  }

  /** Writes the report the supplier makes (on the writer's thread), unless already held. */
  void write(ReportKey key, String baseline, Supplier<ReportManifest> manifest) {
    enqueue(key, baseline, Optional.of(manifest));
  }

  void delete(ReportKey key, String baseline) {
    enqueue(key, baseline, Optional.empty());
  }

  private synchronized void enqueue(
      ReportKey key, String baseline, Optional<Supplier<ReportManifest>> change) {
    failed.remove(key);
    queued.put(key, change);
    baselineOf.put(key, baseline);
    if (sending.add(key)) {
      threads.execute(() -> drain(key));
    }
  }

  /** Sends the place's latest change until none is left (it may change while being sent). */
  private void drain(ReportKey key) {
    while (true) {
      // Before the change is taken: a report changed again while it waits is written once.
      if (!priority.awaitTurn()) {
        return; // interrupted: the writer is closing
      }
      Optional<Supplier<ReportManifest>> change;
      String baseline;
      synchronized (this) {
        change = queued.remove(key);
        baseline = baselineOf.get(key);
        if (change == null) {
          sending.remove(key);
          baselineOf.remove(key);
          return;
        }
      }
      String error;
      try {
        error = change.isPresent() ? send.apply(change.get().get()) : remove.apply(key);
      } catch (RuntimeException e) {
        // A report that cannot even be made must not stop the writer, nor stay pending forever.
        error = key.display() + ": " + e;
      }
      if (error != null) {
        synchronized (this) {
          errors.putIfAbsent(baseline, error);
          if (!queued.containsKey(key)) {
            failed.put(key, change);
            failedBaseline.put(key, baseline);
          }
        }
      }
    }
  }

  /** Queues again what failed for the baseline. */
  synchronized void retryFailed(String baseline) {
    for (var entry : Map.copyOf(failed).entrySet()) {
      if (baseline.equals(failedBaseline.get(entry.getKey()))) {
        failed.remove(entry.getKey());
        failedBaseline.remove(entry.getKey());
        enqueue(entry.getKey(), baseline, entry.getValue());
      }
    }
  }

  /** The first error since the last call, for the baseline's Reported condition; null if none. */
  synchronized String takeError(String baseline) {
    return errors.remove(baseline);
  }

  /** How many of the baseline's reports are still to be written or removed. */
  synchronized int pending(String baseline) {
    int count = 0;
    for (ReportKey key : sending) {
      if (baseline.equals(baselineOf.get(key))) {
        count++;
      }
    }
    return count;
  }

  @Override
  public void close() {
    threads.shutdownNow();
    try {
      threads.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
