package dev.rempart.cli;

/**
 * Gives the JVM's common fork-join pool at least two threads on small machines, before anything
 * reads its size.
 *
 * <p>With fewer than three processors (a pod's usual CPU limit) the pool's size is one, and the JDK
 * then runs every asynchronous completion that names no executor on a new thread of its own. The
 * JDK's HTTP client hands each answer to a request made with {@code sendAsync} to such a
 * completion, and fabric8 makes every request that way: during the convergence of 10,000 namespaces
 * the operator started and ended 50,452 threads, one per request, each costing about 0.1 ms of CPU
 * to create and tear down (measured on the benchmark machine). With two, those completions run on
 * the pool's two long-lived threads. A size given on the command line ({@code
 * -Djava.util.concurrent.ForkJoinPool.common.parallelism}) is kept.
 */
final class CommonPoolSize {
  static final String PROPERTY = "java.util.concurrent.ForkJoinPool.common.parallelism";
  private static final int SMALLEST = 2;

  private CommonPoolSize() {}

  /** Call first in {@code main}: the JDK reads the property once, when the pool is first used. */
  static void atLeastTwo() {
    if (System.getProperty(PROPERTY) == null
        && Runtime.getRuntime().availableProcessors() <= SMALLEST) {
      System.setProperty(PROPERTY, Integer.toString(SMALLEST));
    }
  }
}
