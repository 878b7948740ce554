package dev.rempart.bench;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.cli.demo.LocalControlPlane;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue #7's benchmark on a real control plane: N governed namespaces with 10 findings each (a
 * Deployment with 9 podSecurity findings (8 Pod Security Standards checks and the token mount) and
 * no default deny), an Audit baseline, OpenReports CRDs installed. Measures:
 *
 * <ol>
 *   <li>cold start: from starting the operator process to all N Reports written with their 10
 *       failures;
 *   <li>report writes made by further evaluations without any change (goal: 0), counted by the
 *       operator's {@code rempart_report_writes_total} and by a watch on the reports;
 *   <li>report writes after a restart of the operator (it reads back what it wrote: goal 0);
 *   <li>the operator's RSS.
 * </ol>
 *
 * Usage: {@code ReportsBenchmark JAR N}
 */
public final class ReportsBenchmark {
  private static final String LABEL = "bench.rempart.dev/governed";
  private static final int FINDINGS_PER_NAMESPACE = 10;
  private static final ResourceDefinitionContext REPORTS =
      new ResourceDefinitionContext.Builder()
          .withGroup("openreports.io")
          .withVersion("v1alpha1")
          .withKind("Report")
          .withPlural("reports")
          .withNamespaced(true)
          .build();

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    System.out.printf(
        "machine: %d cores, java %s; N = %d governed namespaces x %d findings%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        n,
        FINDINGS_PER_NAMESPACE);
    try (LocalControlPlane plane = LocalControlPlane.start(LocalControlPlane.DEFAULT_VERSION);
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(plane.kubeconfig()))
                .build()) {
      LocalControlPlane.installCrds(client);
      LocalControlPlane.installReportCrds(client);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      Parallel.run(pool, n, i -> namespace(client, "gov-" + i));
      Parallel.run(pool, n, i -> client.resource(deployment("gov-" + i)).create());
      client.resource(baseline()).create();
      Path kubeconfig = Files.createTempFile("rempart-bench", ".kubeconfig");
      Files.writeString(kubeconfig, plane.kubeconfig());

      Set<String> complete = ConcurrentHashMap.newKeySet();
      AtomicInteger changes = new AtomicInteger();
      CountDownLatch allWritten = new CountDownLatch(n);
      Watch watch = watchReports(client, complete, changes, allWritten);

      int port = freePort();
      long start = System.nanoTime();
      Process operator = OperatorLaunch.start(jar, kubeconfig, port, "openreports");
      try {
        if (!allWritten.await(15, TimeUnit.MINUTES)) {
          throw new IllegalStateException(
              "only " + complete.size() + " of " + n + " reports after 15 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            "cold start to %d reports x %d failures written: %.2f s (report writes: %d)%n",
            n, FINDINGS_PER_NAMESPACE, seconds, metric(port, "rempart_report_writes_total"));
        Thread.sleep(5000); // let in-flight evaluations finish
        unchanged(client, port, changes, "evaluations without any change", 5);
        memory(operator.pid());
      } finally {
        stop(operator);
      }

      int restartPort = freePort();
      int before = changes.get();
      Process restarted = OperatorLaunch.start(jar, kubeconfig, restartPort, "openreports");
      try {
        waitForEvaluations(restartPort, 1);
        Thread.sleep(5000);
        System.out.printf(
            "after a restart: %d evaluations, %d report writes, %d report changes seen%n",
            metric(restartPort, "rempart_evaluation_seconds_count"),
            metric(restartPort, "rempart_report_writes_total"),
            changes.get() - before);
      } finally {
        stop(restarted);
        watch.close();
        pool.shutdownNow();
      }
    }
  }

  /** Triggers evaluations that change nothing and counts the report writes they make. */
  private static void unchanged(
      KubernetesClient client, int port, AtomicInteger changes, String what, int times)
      throws Exception {
    long writes = metric(port, "rempart_report_writes_total");
    int seen = changes.get();
    long evaluations = metric(port, "rempart_evaluation_seconds_count");
    for (int i = 0; i < times; i++) {
      client
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("poke-" + i)
                  .withNamespace("gov-0")
                  .endMetadata()
                  .build())
          .create();
      waitForEvaluations(port, evaluations + i + 1);
    }
    Thread.sleep(2000);
    System.out.printf(
        "%s: %d evaluations, %d report writes, %d report changes seen%n",
        what,
        metric(port, "rempart_evaluation_seconds_count") - evaluations,
        metric(port, "rempart_report_writes_total") - writes,
        changes.get() - seen);
  }

  private static void waitForEvaluations(int port, long atLeast) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (metric(port, "rempart_evaluation_seconds_count") < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no evaluation within 10 minutes");
      }
      Thread.sleep(200);
    }
  }

  private static Watch watchReports(
      KubernetesClient client, Set<String> complete, AtomicInteger changes, CountDownLatch all) {
    return client
        .genericKubernetesResources(REPORTS)
        .inAnyNamespace()
        .watch(
            new Watcher<>() {
              @Override
              public void eventReceived(Action action, GenericKubernetesResource report) {
                changes.incrementAndGet();
                Object summary = report.getAdditionalProperties().get("summary");
                if (summary instanceof Map<?, ?> s
                    && Integer.valueOf(FINDINGS_PER_NAMESPACE).equals(s.get("fail"))
                    && complete.add(report.getMetadata().getNamespace())) {
                  all.countDown();
                }
              }

              @Override
              public void onClose(WatcherException cause) {}
            });
  }

  private static void stop(Process operator) throws InterruptedException {
    operator.destroy();
    operator.waitFor(30, TimeUnit.SECONDS);
  }

  /** A metric's value summed over its series, or 0 before the operator serves it. */
  private static long metric(int port, String name) throws InterruptedException {
    try {
      String text =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return (long)
          text.lines()
              .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
              .sum();
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  private static void memory(long pid) throws Exception {
    String rss =
        Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
            .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM"))
            .map(l -> l.replaceAll("\\s+", " "))
            .reduce((a, b) -> a + ", " + b)
            .orElse("?");
    System.out.println("operator process: " + rss);
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void namespace(KubernetesClient client, String name) {
    client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of(LABEL, "true"))
                .endMetadata()
                .build())
        .create();
  }

  /**
   * A Deployment with 9 podSecurity findings: 8 Pod Security Standards checks and the token mount.
   */
  static HasMetadata deployment(String namespace) {
    return ManifestReader.parse(DEPLOYMENT.formatted(namespace)).get(0);
  }

  static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: legacy, namespace: %s}
      spec:
        selector: {matchLabels: {app: legacy}}
        template:
          metadata: {labels: {app: legacy}}
          spec:
            hostNetwork: true
            hostPID: true
            hostIPC: true
            volumes: [{name: host, hostPath: {path: /var/run}}]
            containers:
              - name: app
                image: registry.example.com/legacy:1.0
                volumeMounts: [{name: host, mountPath: /host}]
                ports: [{containerPort: 8080, hostPort: 8080}]
                securityContext:
                  privileged: true
                  capabilities: {add: [NET_ADMIN]}
      """;

  private static SecurityBaseline baseline() {
    return (SecurityBaseline)
        ManifestReader.parse(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: SecurityBaseline
                metadata: {name: bench}
                spec:
                  mode: Audit
                  namespaceSelector: {matchLabels: {%s: "true"}}
                  network: {defaultDeny: [Ingress, Egress], allowDNS: true}
                  podSecurity: {level: restricted, labelNamespaces: false}
                """
                    .formatted(LABEL))
            .get(0);
  }

  private ReportsBenchmark() {}
}
