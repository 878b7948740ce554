package dev.rempart.faults;

import static dev.rempart.faults.FencingFaultIT.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Churn (issue 14, point 6): 200 namespaces whose labels flip in and out of the baseline's
 * selector, and pods created and deleted in them, at 20 changes a second for {@code
 * rempart.faults.churnSeconds} (120 s by default; the 5 minutes with 300). At the end every
 * governed namespace holds its policies and every other one none of Rempart's; the operator's heap
 * after a full GC, its RSS, its threads and the API server's open watches are sampled every 10 s
 * and their slopes must stay flat (no leak). The set of objects is kept stable on purpose (pods
 * without a node are deleted at once; no namespace is deleted, since without a namespace controller
 * they would stay Terminating and grow the cluster): growth then means a leak, not more work.
 */
class ChurnFaultIT {
  private static final int NAMESPACES = 200;
  private static final String PREFIX = "churn";
  private static final int RATE = 20;
  private static final int SECONDS = Integer.getInteger("rempart.faults.churnSeconds", 120);
  private static FaultCluster cluster;
  private static OperatorProcess operator;

  @BeforeAll
  static void start() throws Exception {
    cluster = FaultCluster.start("churn", 1);
    cluster.governedNamespaces(PREFIX, NAMESPACES);
    operator = cluster.operator(1, "operator-1");
    await("the operator leads", Duration.ofSeconds(90), () -> cluster.leaseHolder() != null);
    cluster.enforceBaseline();
    cluster.awaitConverged(PREFIX, NAMESPACES, Duration.ofMinutes(5));
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** One sample of the operator's footprint. */
  record Sample(double minute, double heapMiB, long rssMiB, int threads, int watches) {}

  @Test
  void governedNamespacesConvergeAndNothingGrows() throws Exception {
    Random random = new Random(14);
    List<Sample> samples = new ArrayList<>();
    Instant start = Instant.now();
    Instant nextSample = start;
    long changes = 0;
    int pods = 0;
    while (Duration.between(start, Instant.now()).toSeconds() < SECONDS) {
      if (!Instant.now().isBefore(nextSample)) {
        samples.add(sample(start));
        nextSample = nextSample.plusSeconds(10);
      }
      long tick = System.nanoTime();
      for (int i = 0; i < RATE; i++) {
        String ns = PREFIX + "-" + random.nextInt(NAMESPACES);
        switch (random.nextInt(3)) {
          case 0 ->
              cluster.admin.namespaces().withName(ns).edit(n -> flipLabel(n, random.nextBoolean()));
          case 1 -> {
            cluster.admin.resource(pod(ns, "p-" + pods++)).create();
          }
          default -> cluster.admin.pods().inNamespace(ns).withLabel("churn", "true").delete();
        }
        changes++;
      }
      long spent = (System.nanoTime() - tick) / 1_000_000;
      Thread.sleep(Math.max(0, 1000 - spent));
    }
    double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
    samples.add(sample(start));
    Instant end = Instant.now();
    await(
        "every namespace holds what its labels say",
        Duration.ofMinutes(3),
        () -> wrongNamespaces() == 0);
    double settled = Duration.between(end, Instant.now()).toMillis() / 1000.0;

    double heapSlope = slope(samples, Sample::heapMiB);
    double rssSlope = slope(samples, s -> s.rssMiB());
    // The JVM's RSS grows at first whatever the work (heap regions touched, JIT code): the second
    // half of the run says whether it keeps growing.
    double lateRssSlope =
        slope(samples.subList(samples.size() / 2, samples.size()), s -> s.rssMiB());
    double threadSlope = slope(samples, s -> s.threads());
    Sample first = samples.get(1 < samples.size() ? 1 : 0);
    Sample last = samples.get(samples.size() - 1);
    System.out.printf(
        "ChurnFaultIT: %d changes in %.0f s (%.1f/s) over %d namespaces; every namespace right %.1f"
            + " s after; heap after full GC %.1f -> %.1f MiB (slope %.2f MiB/min), RSS %d -> %d"
            + " MiB (slope %.2f MiB/min, %.2f over the second half), threads %d -> %d (slope"
            + " %.2f/min), API server watches"
            + " %d -> %d; operator alive %s%n",
        changes,
        seconds,
        changes / seconds,
        NAMESPACES,
        settled,
        first.heapMiB(),
        last.heapMiB(),
        heapSlope,
        first.rssMiB(),
        last.rssMiB(),
        rssSlope,
        lateRssSlope,
        first.threads(),
        last.threads(),
        threadSlope,
        first.watches(),
        last.watches(),
        operator.isAlive());
    samples.forEach(s -> System.out.println("  " + s));
    assertThat(operator.isAlive()).isTrue();
    assertThat(heapSlope).as("heap after GC, MiB per minute").isLessThan(2.0);
    assertThat(lateRssSlope).as("RSS over the second half, MiB per minute").isLessThan(10.0);
    assertThat(last.threads() - first.threads()).as("threads gained").isLessThanOrEqualTo(5);
    // A watch being re-established at the moment of a sample may be missing from it or counted
    // twice; a leak grows with the changes.
    assertThat(last.watches() - first.watches()).as("watches gained").isLessThanOrEqualTo(2);
  }

  private static Namespace flipLabel(Namespace n, boolean governed) {
    if (governed) {
      n.getMetadata().getLabels().put(FaultCluster.LABEL, "true");
    } else {
      n.getMetadata().getLabels().remove(FaultCluster.LABEL);
    }
    return n;
  }

  private static io.fabric8.kubernetes.api.model.Pod pod(String ns, String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .addToLabels("churn", "true")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("registry.example/app:1.0")
        .endContainer()
        .endSpec()
        .build();
  }

  /** Namespaces whose Rempart policies do not match their label. */
  private static long wrongNamespaces() {
    var managed = cluster.managedPolicies();
    return cluster.admin.namespaces().list().getItems().stream()
        .filter(n -> n.getMetadata().getName().startsWith(PREFIX + "-"))
        .filter(
            n -> {
              boolean governed = "true".equals(n.getMetadata().getLabels().get(FaultCluster.LABEL));
              int held = managed.getOrDefault(n.getMetadata().getName(), List.of()).size();
              return governed ? held != FaultCluster.POLICIES.size() : held != 0;
            })
        .count();
  }

  private static Sample sample(Instant start) throws IOException, InterruptedException {
    long pid = operator.pid();
    jcmd(pid, "GC.run");
    Matcher used = Pattern.compile("used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
    double heap = used.find() ? Long.parseLong(used.group(1)) / 1024.0 : -1;
    int threads = (int) Signals.status(pid, "Threads");
    int watches = 0;
    Matcher m =
        Pattern.compile("apiserver_longrunning_requests\\{[^}]*verb=\"WATCH\"[^}]*\\} (\\d+)")
            .matcher(cluster.admin.raw("/metrics"));
    while (m.find()) {
      watches += Integer.parseInt(m.group(1));
    }
    return new Sample(
        Duration.between(start, Instant.now()).toMillis() / 60_000.0,
        heap,
        Signals.rssMiB(pid),
        threads,
        watches);
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process jcmd =
        new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid),
                command)
            .redirectErrorStream(true)
            .start();
    String out = new String(jcmd.getInputStream().readAllBytes());
    jcmd.waitFor();
    return out;
  }

  /**
   * Least-squares slope of {@code y} per minute over the samples (the first, warm-up, left out).
   */
  private static double slope(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> y) {
    List<Sample> used = samples.size() > 3 ? samples.subList(1, samples.size()) : samples;
    double n = used.size();
    double mx = used.stream().mapToDouble(Sample::minute).sum() / n;
    double my = used.stream().mapToDouble(y).sum() / n;
    double num = 0;
    double den = 0;
    for (Sample s : used) {
      num += (s.minute() - mx) * (y.applyAsDouble(s) - my);
      den += (s.minute() - mx) * (s.minute() - mx);
    }
    return den == 0 ? 0 : num / den;
  }
}
