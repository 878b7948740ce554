package dev.rempart.bench;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.cli.demo.LocalControlPlane;
import dev.rempart.core.ManagedObjects;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Issue #2's benchmark on a real control plane:
 *
 * <ol>
 *   <li>convergence: time from creating an Enforce baseline to all N governed namespaces holding
 *       their policies, next to a plain client creating the same objects with the same concurrency
 *       (the floor);
 *   <li>drift repair latency: delete managed policies one at a time; p50 and p99 from deletion to
 *       restoration;
 *   <li>the operator's heap and RSS (it runs as its own process).
 * </ol>
 *
 * Usage: {@code ConvergenceBenchmark JAR N [N ...] --drift 200 --concurrency 8}
 */
public final class ConvergenceBenchmark {
  private static final String LABEL = "bench.rempart.dev/governed";

  /** REPORTS=1: the OpenReports CRDs are installed, so the operator also writes its reports. */
  private static final boolean WITH_REPORTS = "1".equals(System.getenv("REPORTS"));

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
        "machine: %d cores, %d MiB max heap for this driver, java %s; policy reports %s%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.version"),
        WITH_REPORTS ? "written (REPORTS=1)" : "off (no report CRD)");
    for (int i = 0; i < sizes.size(); i++) {
      int n = sizes.get(i);
      run(jar, n, concurrency, i == sizes.size() - 1 ? drift : 0);
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
      Parallel.run(pool, n, i -> namespace(client, "floor-" + i, Map.of()));
      Parallel.run(pool, n, i -> namespace(client, "gov-" + i, Map.of(LABEL, "true")));

      long floorStart = System.nanoTime();
      Parallel.run(pool, n, i -> floorPolicies(client, "floor-" + i));
      double floorSeconds = (System.nanoTime() - floorStart) / 1e9;
      System.out.printf("plain client, 2 policies x %d namespaces: %.2f s%n", n, floorSeconds);

      Path kubeconfig = Files.createTempFile("rempart-bench", ".kubeconfig");
      Files.writeString(kubeconfig, plane.kubeconfig());
      Process operator =
          new ProcessBuilder(
                  "java",
                  "-jar",
                  jar.toString(),
                  "operator",
                  "--kubeconfig",
                  kubeconfig.toString(),
                  "--health-port",
                  "0",
                  "--apply-concurrency",
                  Integer.toString(concurrency),
                  "--log-level",
                  "WARN")
              .inheritIO()
              .start();
      try {
        Thread.sleep(3000); // let the operator start and sync its (empty) caches
        int expected = 2 * n;
        CountDownLatch converged = new CountDownLatch(expected);
        Watch watch = watchManaged(client, converged, null);
        long start = System.nanoTime();
        client.resource(baseline()).create();
        if (!converged.await(10, TimeUnit.MINUTES)) {
          throw new IllegalStateException("no convergence within 10 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        watch.close();
        System.out.printf(
            "Rempart, Enforce baseline to %d policies in %d namespaces: %.2f s (ratio to floor %.2f)%n",
            expected, n, seconds, seconds / floorSeconds);
        if (drift > 0) {
          driftRepair(client, n, drift);
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

  private static void driftRepair(KubernetesClient client, int n, int count) throws Exception {
    List<Double> latencies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String ns = "gov-" + (i * (n / count)) % n;
      NetworkPolicy victim =
          client
              .network()
              .v1()
              .networkPolicies()
              .inNamespace(ns)
              .withName("rempart-default-deny")
              .get();
      CountDownLatch restored = new CountDownLatch(1);
      Watch watch = watchManaged(client, restored, victim);
      long start = System.nanoTime();
      client.resource(victim).delete();
      if (!restored.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("policy in " + ns + " not restored within 60 s");
      }
      latencies.add((System.nanoTime() - start) / 1e6);
      watch.close();
    }
    int slowest = latencies.indexOf(Collections.max(latencies)) + 1;
    Collections.sort(latencies);
    System.out.printf(
        "drift repair over %d deletions: p50 %.0f ms, p99 %.0f ms, max %.0f ms (deletion #%d)%n",
        count,
        percentile(latencies, 0.50),
        percentile(latencies, 0.99),
        latencies.get(latencies.size() - 1),
        slowest);
  }

  private static Watch watchManaged(
      KubernetesClient client, CountDownLatch latch, NetworkPolicy replacedOne) {
    Map<String, Boolean> seen = new ConcurrentHashMap<>();
    return client
        .network()
        .v1()
        .networkPolicies()
        .inAnyNamespace()
        .withLabel(ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE)
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, NetworkPolicy p) {
                if (action != Action.ADDED) {
                  return;
                }
                if (replacedOne == null) {
                  if (seen.putIfAbsent(p.getMetadata().getUid(), true) == null) {
                    latch.countDown();
                  }
                } else if (p.getMetadata().getName().equals(replacedOne.getMetadata().getName())
                    && p.getMetadata()
                        .getNamespace()
                        .equals(replacedOne.getMetadata().getNamespace())
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
            .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM"))
            .map(l -> l.replaceAll("\\s+", " "))
            .reduce((a, b) -> a + ", " + b)
            .orElse("?");
    Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "GC.heap_info").start();
    String heap = new String(jcmd.getInputStream().readAllBytes()).trim();
    jcmd.waitFor();
    System.out.println("operator process: " + rss);
    System.out.println("operator heap (jcmd GC.heap_info):");
    heap.lines().skip(1).limit(3).forEach(l -> System.out.println("  " + l.trim()));
  }

  private static double percentile(List<Double> sorted, double p) {
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static Object namespace(
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

  /** The same two policies the network control makes, applied the same way (server-side apply). */
  private static Object floorPolicies(KubernetesClient client, String namespace) {
    NetworkPolicy deny =
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName("default-deny")
            .withNamespace(namespace)
            .endMetadata()
            .withNewSpec()
            .withPodSelector(new LabelSelector())
            .withPolicyTypes("Ingress", "Egress")
            .endSpec()
            .build();
    NetworkPolicy dns =
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName("allow-dns")
            .withNamespace(namespace)
            .endMetadata()
            .withNewSpec()
            .withPodSelector(new LabelSelector())
            .withPolicyTypes("Egress")
            .addNewEgress()
            .addNewTo()
            .withNewNamespaceSelector()
            .addToMatchLabels("kubernetes.io/metadata.name", "kube-system")
            .endNamespaceSelector()
            .withNewPodSelector()
            .addToMatchLabels("k8s-app", "kube-dns")
            .endPodSelector()
            .endTo()
            .addNewPort()
            .withProtocol("UDP")
            .withNewPort(53)
            .endPort()
            .addNewPort()
            .withProtocol("TCP")
            .withNewPort(53)
            .endPort()
            .endEgress()
            .endSpec()
            .build();
    client.resource(deny).fieldManager("bench").forceConflicts().serverSideApply();
    return client.resource(dns).fieldManager("bench").forceConflicts().serverSideApply();
  }

  private static SecurityBaseline baseline() {
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
                """
                    .formatted(LABEL))
            .get(0);
  }

  private ConvergenceBenchmark() {}
}
