package dev.rempart.bench;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.cli.demo.LocalControlPlane;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The operator benchmark (issues #2 and #11) on a real control plane, the operator in its own
 * process with the JVM options the image ships ({@code OPERATOR_JAVA_OPTS}, by default the heap the
 * image gives under the chart's default memory limit):
 *
 * <ol>
 *   <li>convergence: from creating an Enforce baseline (network, podSecurity, environments) to all
 *       N governed namespaces holding their three policies, next to a plain client applying the
 *       same objects (the three policies and the namespace's Pod Security labels) with the same
 *       concurrency (the floor);
 *   <li>drift repair: managed policies deleted one at a time, from the delete call to the watch
 *       event of the replacement, p50/p99; the floor is a plain client that watches the same
 *       policies and re-applies a deleted one, measured the same way on its own namespaces;
 *   <li>with REPORTS=1, a first series of deletions is made at once after convergence, while the
 *       cold start still writes its N reports;
 *   <li>the same deletions under background churn (pods created across governed namespaces at CHURN
 *       per second), with the operator's CPU over that time;
 *   <li>the operator's RSS and heap.
 * </ol>
 *
 * Usage: {@code ConvergenceBenchmark JAR N [N ...] --drift 200 --concurrency 8}
 */
public final class ConvergenceBenchmark {
  private static final String LABEL = "bench.rempart.dev/governed";
  private static final String ENVIRONMENT = "rempart.dev/environment";

  /** REPORTS=1: the OpenReports CRDs are installed, so the operator also writes its reports. */
  private static final boolean WITH_REPORTS = "1".equals(System.getenv("REPORTS"));

  /** Pods created per second across governed namespaces during the churn series (0: none). */
  private static final int CHURN = Integer.parseInt(System.getenv().getOrDefault("CHURN", "20"));

  /**
   * What the image's JVM runs with under the chart's limits: the Dockerfile's options and the
   * chart's default memory limit standing for the container's memory (see {@link ImageJvmOptions}).
   */
  private static final String OPERATOR_JAVA_OPTS = operatorJavaOptions();

  private static String operatorJavaOptions() {
    String given = System.getenv("OPERATOR_JAVA_OPTS");
    if (given != null) {
      return given;
    }
    try {
      return ImageJvmOptions.fromDockerfile(
          Path.of("Dockerfile"), Path.of("helm/rempart/values.yaml"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("run from the repository's root", e);
    }
  }

  /** The operator's java command: {@code OPERATOR_JAVA}, by default the one on the PATH. */
  private static final String OPERATOR_JAVA = System.getenv().getOrDefault("OPERATOR_JAVA", "java");

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    List<Integer> sizes = new ArrayList<>();
    int drift = 200;
    int concurrency = 8;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--drift" -> drift = Integer.parseInt(args[++i]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        default -> sizes.add(Integer.parseInt(args[i]));
      }
    }
    System.out.printf(
        "machine: %d cores, java %s; operator: %s %s %s; policy reports %s; churn %d pods/s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        ImageJvmOptions.environment(Path.of("Dockerfile")),
        OPERATOR_JAVA,
        OPERATOR_JAVA_OPTS,
        WITH_REPORTS ? "written (REPORTS=1)" : "off (no report CRD)",
        CHURN);
    for (int n : sizes) {
      run(jar, n, concurrency, drift);
    }
  }

  private static void run(Path jar, int n, int concurrency, int drift) throws Exception {
    System.out.printf("%n== N = %d governed namespaces, concurrency %d%n", n, concurrency);
    try (LocalControlPlane plane = LocalControlPlane.start(LocalControlPlane.DEFAULT_VERSION);
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(plane.kubeconfig()))
                .build()) {
      LocalControlPlane.installCrds(client);
      if (WITH_REPORTS) {
        LocalControlPlane.installReportCrds(client);
      }
      ExecutorService pool = Executors.newFixedThreadPool(concurrency);
      List<Namespace> floorNamespaces = new java.util.concurrent.CopyOnWriteArrayList<>();
      Parallel.run(
          pool,
          n,
          i ->
              floorNamespaces.add(
                  namespace(
                      client,
                      "floor-" + i,
                      Map.of(FloorClient.LABEL, "true", ENVIRONMENT, "production"))));
      FloorClient floor = FloorClient.of(baseline(FloorClient.LABEL), floorNamespaces);
      Parallel.run(
          pool,
          n,
          i -> namespace(client, "gov-" + i, Map.of(LABEL, "true", ENVIRONMENT, "production")));

      // Both clocks stop the same way: when the API server holds every policy, counted by a
      // one-item list every 200 ms from the clock's start, the floor's as Rempart's (a watch of
      // 3N policies would cost the API server and this process more than the floor itself; it
      // used to time Rempart alone). The counting costs the API server a few per cent of a core,
      // in both runs alike.
      if (floor.policies() != 3L * n) {
        throw new IllegalStateException(floor.policies() + " policies for the floor, not " + 3 * n);
      }
      EtcdCompaction.compact(); // each clock starts on a store without history, see there
      CpuShares floorCpu = CpuShares.start(ProcessHandle.current().pid());
      ApiRequests floorRequestsBefore = ApiRequests.read(client);
      profileApiServer(client, "floor", n);
      long floorStart = System.nanoTime();
      CompletableFuture<Long> floorPresent =
          CompletableFuture.supplyAsync(
              () -> awaitPolicies(client, 3 * n, TimeUnit.MINUTES.toNanos(5)));
      Parallel.run(pool, n, i -> floor.applyAll(client, "floor-" + i));
      double floorApplied = (System.nanoTime() - floorStart) / 1e9;
      double floorSeconds = (floorPresent.join() - floorStart) / 1e9;
      System.out.printf(
          "plain client, 3 policies + namespace labels x %d namespaces: %.2f s (its last apply"
              + " answered at %.2f s)%n",
          n, floorSeconds, floorApplied);
      System.out.println("  CPU during it: " + floorCpu.report("benchmark (the client)"));
      System.out.println(
          "  API requests during it: " + ApiRequests.read(client).since(floorRequestsBefore));

      // The floor's repairs are measured before the operator starts, then its policies are
      // deleted: the operator's caches and memory are those of a cluster of N governed namespaces
      // (and N ungoverned ones), not of the floor's objects on top.
      try (FloorClient floorRepairer = floor.repairing(client)) {
        Thread.sleep(2000);
        driftRepair(
            client, "floor-", "rempart-default-deny", n, drift, "floor (plain client re-applying)");
        if (CHURN > 0) {
          try (Churn churn = Churn.start(client, n, CHURN)) {
            Thread.sleep(3000);
            driftRepair(
                client,
                "floor-",
                "rempart-default-deny",
                n,
                drift,
                "floor (plain client) under churn");
          }
        }
      }
      Parallel.run(pool, n, i -> FloorClient.deleteAll(client, "floor-" + i));
      System.out.printf("the floor's policies deleted (its %d namespaces stay)%n", n);

      Path kubeconfig = Files.createTempFile("rempart-bench", ".kubeconfig");
      Files.writeString(kubeconfig, plane.kubeconfig());
      Process operator =
          OperatorLaunch.start(
              OPERATOR_JAVA,
              OPERATOR_JAVA_OPTS,
              ImageJvmOptions.environment(Path.of("Dockerfile")),
              jar,
              kubeconfig,
              List.of(
                  "--health-port",
                  Integer.toString(HEALTH_PORT),
                  "--apply-concurrency",
                  Integer.toString(concurrency),
                  // As the chart runs it: with leader election, so the fencing check is measured
                  // too.
                  "--leader-election-namespace",
                  "default"));
      try {
        awaitReady(); // the operator started and its caches synced: only then the clock starts
        awaitLeader(client);
        System.out.println(
            "watches open on the API server (its own included): " + ApiRequests.watches(client));
        int expected = 3 * n;
        EtcdCompaction.compact();
        CpuShares rempartCpu = CpuShares.start(operator.pid());
        ApiRequests requestsBefore = ApiRequests.read(client);
        profileApiServer(client, "rempart", n);
        long start = System.nanoTime();
        client.resource(baseline(LABEL)).create();
        double seconds =
            (awaitPolicies(client, expected, TimeUnit.MINUTES.toNanos(20)) - start) / 1e9;
        System.out.printf(
            "Rempart, Enforce baseline to %d policies in %d namespaces: %.2f s (ratio to floor %.2f)%n",
            expected, n, seconds, seconds / floorSeconds);
        System.out.println("  CPU during it: " + rempartCpu.report("operator"));
        // Read now, before the reports and the later series: the convergence's requests, the
        // benchmark's own counting lists included.
        System.out.println(
            "  API requests during it: " + ApiRequests.read(client).since(requestsBefore));
        if (WITH_REPORTS) {
          System.out.printf(
              "reports present right after convergence: %d of %d%n", reports(client), n);
          driftRepair(
              client,
              "gov-",
              "rempart-default-deny",
              n,
              Math.min(drift, 50),
              "during the report cold start");
          System.out.printf("reports present after that series: %d of %d%n", reports(client), n);
          // The next series measures the steady state: at 10,000 the cold start is still writing.
          long waitStart = System.nanoTime();
          awaitReports(client, n);
          System.out.printf(
              "all %d reports present %.1f s after that series; the steady state begins%n",
              n, (System.nanoTime() - waitStart) / 1e9);
        }
        Thread.sleep(2000);
        driftRepair(client, "gov-", "rempart-default-deny", n, drift, "Rempart");
        if (CHURN > 0) {
          try (Churn churn = Churn.start(client, n, CHURN)) {
            Thread.sleep(3000);
            long cpuBefore = CpuShares.ticks(operator.pid());
            long wallBefore = System.nanoTime();
            driftRepair(client, "gov-", "rempart-default-deny", n, drift, "Rempart under churn");
            double cpu = (CpuShares.ticks(operator.pid()) - cpuBefore) / 100.0;
            double wall = (System.nanoTime() - wallBefore) / 1e9;
            System.out.printf(
                "churn: %d pods created in %.1f s; operator CPU %.2f s over %.1f s = %.2f cores%n",
                churn.created(), wall, cpu, wall, cpu / wall);
          }
        }
        Thread.sleep(2000);
        memory(operator.pid());
      } finally {
        operator.destroy();
        operator.waitFor(30, TimeUnit.SECONDS);
        pool.shutdownNow();
      }
    }
  }

  /**
   * PPROF=S: a CPU profile of the API server over the first S seconds of each convergence, the
   * floor's and Rempart's, written to bench/results.
   */
  private static void profileApiServer(KubernetesClient client, String who, int n) {
    String seconds = System.getenv("PPROF");
    if (seconds != null) {
      ApiServerProfile.capture(
          client,
          Integer.parseInt(seconds),
          Path.of("bench/results/apiserver-" + who + "-" + n + ".pprof"));
    }
  }

  private static final int HEALTH_PORT = 18_481;

  /** The operator's default leader-election Lease. */
  private static final String LEASE = "rempart-leader";

  private static void awaitReady() throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    URI ready = URI.create("http://127.0.0.1:" + HEALTH_PORT + "/readyz");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      try {
        if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the operator was not ready within 5 minutes");
  }

  /** The operator holds its Lease (its controllers start then). */
  private static void awaitLeader(KubernetesClient client) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      var lease = client.leases().inNamespace("default").withName(LEASE).get();
      if (lease != null && lease.getSpec() != null && lease.getSpec().getHolderIdentity() != null) {
        Thread.sleep(1000); // the controllers start right after the lease is taken
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the operator took no lease within 2 minutes");
  }

  /** Counted from a one-item page (remainingItemCount), not by listing every report. */
  private static long reports(KubernetesClient client) {
    var page =
        client
            .genericKubernetesResources("openreports.io/v1alpha1", "Report")
            .inAnyNamespace()
            .list(new ListOptionsBuilder().withLimit(1L).build());
    Long remaining = page.getMetadata().getRemainingItemCount();
    return page.getItems().size() + (remaining == null ? 0 : remaining);
  }

  private static void awaitReports(KubernetesClient client, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (reports(client) < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the " + n + " reports were not written within 10 minutes");
      }
      Thread.sleep(2000);
    }
  }

  private static void driftRepair(
      KubernetesClient client, String prefix, String policy, int n, int count, String who)
      throws Exception {
    if (count == 0) {
      return; // --drift 0: convergence only
    }
    List<Double> latencies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String ns = prefix + (i * Math.max(1, n / count)) % n;
      NetworkPolicy victim =
          client.network().v1().networkPolicies().inNamespace(ns).withName(policy).get();
      CountDownLatch restored = new CountDownLatch(1);
      Watch watch = watchReplacement(client, restored, victim);
      long start = System.nanoTime();
      client.resource(victim).delete();
      if (!restored.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(policy + " in " + ns + " not restored within 60 s");
      }
      latencies.add((System.nanoTime() - start) / 1e6);
      watch.close();
    }
    int slowest = latencies.indexOf(Collections.max(latencies)) + 1;
    Collections.sort(latencies);
    System.out.printf(
        "drift repair, %s, over %d deletions: p50 %.0f ms, p99 %.0f ms, max %.0f ms (deletion #%d)%n",
        who,
        count,
        percentile(latencies, 0.50),
        percentile(latencies, 0.99),
        latencies.get(latencies.size() - 1),
        slowest);
  }

  /**
   * Waits until the API server holds at least {@code count} NetworkPolicies (the floor's, then
   * Rempart's: never both at once), polling a one-item page's remainingItemCount every 200 ms.
   *
   * @return when it saw them, in {@link System#nanoTime()}
   */
  private static long awaitPolicies(KubernetesClient client, int count, long timeoutNanos) {
    long deadline = System.nanoTime() + timeoutNanos;
    while (policies(client) < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "fewer than " + count + " NetworkPolicies after " + timeoutNanos / 1e9 + " s");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while counting policies", e);
      }
    }
    return System.nanoTime();
  }

  private static long policies(KubernetesClient client) {
    var page =
        client
            .network()
            .v1()
            .networkPolicies()
            .inAnyNamespace()
            .list(new ListOptionsBuilder().withLimit(1L).build());
    Long remaining = page.getMetadata().getRemainingItemCount();
    return page.getItems().size() + (remaining == null ? 0 : remaining);
  }

  private static Watch watchReplacement(
      KubernetesClient client, CountDownLatch latch, NetworkPolicy replacedOne) {
    return client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(replacedOne.getMetadata().getNamespace())
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, NetworkPolicy p) {
                if (action == Action.ADDED
                    && p.getMetadata().getName().equals(replacedOne.getMetadata().getName())
                    && !p.getMetadata().getUid().equals(replacedOne.getMetadata().getUid())) {
                  latch.countDown();
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  private static void memory(long pid) throws IOException, InterruptedException {
    String rss =
        Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
            .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM") || l.startsWith("Threads"))
            .map(l -> l.replaceAll("\\s+", " "))
            .reduce((a, b) -> a + ", " + b)
            .orElse("?");
    Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").start();
    String heap = new String(jcmd.getInputStream().readAllBytes()).trim();
    jcmd.waitFor();
    System.out.println("operator process: " + rss);
    System.out.println("operator heap (jcmd GC.heap_info):");
    heap.lines().skip(1).limit(3).forEach(l -> System.out.println("  " + l.trim()));
    if (OPERATOR_JAVA_OPTS.contains("NativeMemoryTracking")) {
      System.out.println("operator native memory (jcmd VM.native_memory summary):");
      jcmd(pid, "VM.native_memory", "summary")
          .lines()
          .filter(l -> l.contains("committed=") && !l.contains("(mmap:") && !l.contains("(malloc="))
          .forEach(l -> System.out.println("  " + l.trim()));
    }
    if (System.getenv("BENCH_HISTOGRAM") != null) {
      // A full collection first: what remains is what the operator keeps, not garbage.
      System.out.println("operator live objects (jcmd GC.class_histogram, top 25):");
      List<String> histogram = jcmd(pid, "GC.class_histogram").lines().toList();
      histogram.stream().skip(1).limit(27).forEach(l -> System.out.println("  " + l.trim()));
      System.out.println("  " + histogram.get(histogram.size() - 1).trim());
    }
  }

  private static String jcmd(long pid, String... command) throws IOException, InterruptedException {
    List<String> line = new ArrayList<>(List.of("jcmd", Long.toString(pid)));
    line.addAll(List.of(command));
    Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
    String out = new String(jcmd.getInputStream().readAllBytes());
    jcmd.waitFor();
    return out;
  }

  private static double percentile(List<Double> sorted, double p) {
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static Namespace namespace(
      KubernetesClient client, String name, Map<String, String> labels) {
    return client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  /** The benchmark's baseline, governing the namespaces labelled {@code selectorLabel}. */
  private static SecurityBaseline baseline(String selectorLabel) {
    return (SecurityBaseline)
        ManifestReader.parse(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: SecurityBaseline
                metadata: {name: bench}
                spec:
                  mode: Enforce
                  namespaceSelector: {matchLabels: {%s: "true"}}
                  network: {defaultDeny: [Ingress, Egress], allowDNS: true}
                  podSecurity: {level: restricted, labelNamespaces: true}
                  environments: {allowed: [production, development], isolated: [production]}
                """
                    .formatted(selectorLabel))
            .get(0);
  }

  private ConvergenceBenchmark() {}
}
