package dev.rempart.faults;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The CPU time the operator uses over a window, across restarts: every 500 ms it reads the CPU time
 * of whichever process currently runs, and sums what each process used while it was watched.
 */
final class CpuSampler implements AutoCloseable {
  private final Map<Long, double[]> firstAndLast = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean closed;

  CpuSampler(Supplier<OperatorProcess> operator) {
    thread =
        new Thread(
            () -> {
              while (!closed) {
                OperatorProcess process = operator.get();
                try {
                  double cpu = Signals.cpuSeconds(process.pid());
                  firstAndLast.computeIfAbsent(process.pid(), pid -> new double[] {cpu, cpu})[1] =
                      cpu;
                } catch (RuntimeException e) {
                  // the process exited between two samples
                }
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "cpu-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /** CPU seconds used since sampling started. */
  double seconds() {
    return firstAndLast.values().stream().mapToDouble(v -> v[1] - v[0]).sum();
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    thread.interrupt();
    thread.join(2000);
  }
}
