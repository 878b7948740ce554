package dev.rempart.faults;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What the kubelet does for the operator's pod ({@code restartPolicy: Always}): when the process
 * exits (as it does when it loses its lease, so that it waits for it again), it is started again
 * after a back-off, 10 s as the kubelet's first one. Counts the restarts and the exit statuses.
 */
final class Supervisor implements AutoCloseable {
  static final long BACKOFF_MILLIS = 10_000;

  private final Supplier<OperatorProcess> start;
  private final AtomicReference<OperatorProcess> current = new AtomicReference<>();
  private final AtomicInteger restarts = new AtomicInteger();
  private final StringBuilder exits = new StringBuilder();
  private volatile Instant firstExitAt;
  private final Thread watcher;
  private volatile boolean closed;

  Supervisor(Supplier<OperatorProcess> start) {
    this.start = start;
    current.set(start.get());
    watcher = new Thread(this::watch, "supervisor");
    watcher.setDaemon(true);
    watcher.start();
  }

  private void watch() {
    try {
      while (!closed) {
        Integer status = current.get().exitStatus(1);
        if (status != null && !closed) {
          if (firstExitAt == null) {
            firstExitAt = Instant.now();
          }
          synchronized (exits) {
            exits.append(exits.isEmpty() ? "" : ", ").append(status);
          }
          Thread.sleep(BACKOFF_MILLIS);
          if (!closed) {
            restarts.incrementAndGet();
            current.set(start.get());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The running process (or the one that just exited, until it is restarted). */
  OperatorProcess process() {
    return current.get();
  }

  /** When the first process was seen to have exited (within a second), or null. */
  Instant firstExitAt() {
    return firstExitAt;
  }

  int restarts() {
    return restarts.get();
  }

  /** The exit statuses so far, comma-separated. */
  String exits() {
    synchronized (exits) {
      return exits.toString();
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    watcher.interrupt();
    watcher.join(5000);
  }
}
