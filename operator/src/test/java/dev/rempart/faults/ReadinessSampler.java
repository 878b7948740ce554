package dev.rempart.faults;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Asks the operator's {@code /readyz} every 100 ms, as a kubelet's readiness probe would (more
 * often), and keeps the answers: 200, 503, or -1 when nothing answered (paused, exited).
 */
final class ReadinessSampler implements AutoCloseable {
  record Sample(Instant at, int status) {}

  private final List<Sample> samples = new ArrayList<>();
  private final Thread thread;
  private volatile boolean closed;

  ReadinessSampler(Supplier<OperatorProcess> operator) {
    thread =
        new Thread(
            () -> {
              while (!closed) {
                int status = operator.get().readyz();
                synchronized (samples) {
                  samples.add(new Sample(Instant.now(), status));
                }
                try {
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "readiness-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /** The first answer other than 200 at or after {@code from}. */
  Optional<Sample> firstNotReady(Instant from) {
    synchronized (samples) {
      return samples.stream().filter(s -> !s.at().isBefore(from) && s.status() != 200).findFirst();
    }
  }

  /** The first 200 at or after {@code from}. */
  Optional<Sample> firstReady(Instant from) {
    synchronized (samples) {
      return samples.stream().filter(s -> !s.at().isBefore(from) && s.status() == 200).findFirst();
    }
  }

  /** The answers between two instants, e.g. "200 x12, 503 x30". */
  String between(Instant from, Instant to) {
    List<String> runs = new ArrayList<>();
    synchronized (samples) {
      int last = Integer.MIN_VALUE;
      int count = 0;
      for (Sample s : samples) {
        if (s.at().isBefore(from) || s.at().isAfter(to)) {
          continue;
        }
        if (s.status() != last && count > 0) {
          runs.add(last + " x" + count);
          count = 0;
        }
        last = s.status();
        count++;
      }
      if (count > 0) {
        runs.add(last + " x" + count);
      }
    }
    return String.join(", ", runs);
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    thread.interrupt();
    thread.join(2000);
  }
}
