package dev.rempart.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs a benchmark's set-up tasks on a pool and fails when any of them failed. */
final class Parallel {
  /** One set-up task, by index. */
  interface Task {
    void run(int index) throws Exception;
  }

  private Parallel() {}

  static void run(ExecutorService pool, int n, Task task) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(n);
    AtomicInteger failures = new AtomicInteger();
    for (int i = 0; i < n; i++) {
      int index = i;
      pool.execute(
          () -> {
            try {
              task.run(index);
            } catch (Exception e) {
              failures.incrementAndGet();
              System.err.println(e.getMessage());
            } finally {
              done.countDown();
            }
          });
    }
    done.await();
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " operations failed");
    }
  }
}
