package dev.rempart.cli.demo;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.io.ManifestReader;
import dev.rempart.operator.OperatorSettings;
import dev.rempart.operator.RempartOperator;
import dev.rempart.operator.policyreports.ReportPublication;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The README's first command: a local control plane, the addendum's baseline on a few namespaces,
 * the operator, its status, and a deleted policy repaired.
 */
public final class Demo {
  private static final String GOVERNED = "rempart.dev/governed";
  private static final String ENVIRONMENT = "rempart.dev/environment";
  private final PrintStream out;

  public Demo(PrintStream out) {
    this.out = out;
  }

  /** Runs the demo with the given baseline manifest. */
  public void run(String k8sVersion, InputStream baselineManifest, String baselineSource)
      throws InterruptedException {
    out.println("Rempart demo: the addendum's baseline on a local control plane.\n");
    long t0 = System.nanoTime();
    step(1, "Starting kube-apiserver " + k8sVersion + " and etcd on this machine");
    try (LocalControlPlane plane = LocalControlPlane.start(k8sVersion);
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(plane.kubeconfig()))
                .build()) {
      done(t0);
      step(2, "Installing the CRDs (SecurityBaseline, BaselineException, OpenReports Report)");
      LocalControlPlane.installCrds(client);
      LocalControlPlane.installReportCrds(client);
      step(3, "Creating namespaces shop-prod and shop-dev (governed) and sandbox (not governed)");
      namespace(client, "shop-prod", Map.of(GOVERNED, "true", ENVIRONMENT, "production"));
      namespace(client, "shop-dev", Map.of(GOVERNED, "true", ENVIRONMENT, "development"));
      namespace(client, "sandbox", Map.of());
      step(4, "Applying " + baselineSource + " and starting the operator");
      SecurityBaseline baseline = baseline(baselineManifest, baselineSource);
      client.resource(baseline).create();
      String name = baseline.getMetadata().getName();
      try (RempartOperator operator =
          RempartOperator.start(
              client,
              new OperatorSettings(Duration.ofMinutes(10), 8, Clock.systemUTC()),
              null,
              null)) {
        waitFor(() -> isReady(client, name), 60);
        step(5, "The baseline's status (kubectl get sbl " + name + ")");
        printStatus(client.resources(SecurityBaseline.class).withName(name).get());
        printPolicies(client, List.of("shop-prod", "shop-dev", "sandbox"));
        printReports(client);
        step(6, "Deleting shop-prod/rempart-default-deny, as a careless script would");
        NetworkPolicy before = policy(client);
        client.resource(before).delete();
        long deleted = System.nanoTime();
        waitFor(() -> isRestored(client, before), 30);
        out.printf(
            "    restored by Rempart after %d ms%n", (System.nanoTime() - deleted) / 1_000_000);
        waitFor(() -> events(client, name).size() >= 2, 15);
        out.println("    Events on the baseline (kubectl describe sbl " + name + "):");
        for (Event e : events(client, name)) {
          out.printf("      %-8s %-14s %s%n", e.getType(), e.getReason(), e.getMessage());
        }
      }
    }
    out.println("\nDone. The local control plane is stopped.");
  }

  private void step(int n, String what) {
    out.printf("[%d/6] %s%n", n, what);
  }

  private void done(long since) {
    out.printf("    ready in %.1f s%n", (System.nanoTime() - since) / 1e9);
  }

  private static void namespace(KubernetesClient client, String name, Map<String, String> labels) {
    client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  private static SecurityBaseline baseline(InputStream manifest, String source) {
    for (var m : ManifestReader.readAll(manifest, source)) {
      HasMetadata object = m.object();
      if (object instanceof SecurityBaseline b) {
        return b;
      }
    }
    throw new IllegalArgumentException(source + " holds no SecurityBaseline");
  }

  private static boolean isReady(KubernetesClient client, String name) {
    SecurityBaseline b = client.resources(SecurityBaseline.class).withName(name).get();
    return b.getStatus() != null
        && b.getStatus().getConditions() != null
        && b.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
        && b.getStatus().getSummary().getFindings().getTotal() >= 0
        && b.getStatus().getSummary().getRemediated() == 0
        // The reports are built and written in the background: shown once they are there.
        && b.getStatus().getConditions().stream()
            .noneMatch(
                c ->
                    ReportPublication.CONDITION.equals(c.getType())
                        && ReportPublication.REASON_PENDING.equals(c.getReason()));
  }

  private void printStatus(SecurityBaseline b) {
    var s = b.getStatus();
    out.printf(
        "    %-16s %-8s %-10s %-9s %s%n", "NAME", "MODE", "COMPLIANT", "FINDINGS", "GOVERNED");
    out.printf(
        "    %-16s %-8s %-10s %-9d %d%n",
        b.getMetadata().getName(),
        b.getSpec().effectiveMode(),
        condition(b, "Compliant"),
        s.getSummary().getFindings().getTotal(),
        s.getSummary().getGovernedNamespaces());
    for (Condition c : s.getConditions()) {
      out.printf(
          "    %-12s %-6s %-22s %s%n", c.getType(), c.getStatus(), c.getReason(), c.getMessage());
    }
    s.getControls()
        .forEach(
            c ->
                out.printf(
                    "    control %-14s clause %-12s %-8s %d open findings%n",
                    c.getName(), c.getClauses(), c.getMode(), c.getFindings().getTotal()));
    s.getSummary().getExamples().forEach(e -> out.println("      - " + e));
  }

  private static String condition(SecurityBaseline b, String type) {
    return b.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .map(Condition::getStatus)
        .findFirst()
        .orElse("Unknown");
  }

  private void printPolicies(KubernetesClient client, List<String> namespaces) {
    for (String ns : namespaces) {
      String names =
          client.network().v1().networkPolicies().inNamespace(ns).list().getItems().stream()
              .map(p -> p.getMetadata().getName())
              .sorted()
              .collect(Collectors.joining(", "));
      out.printf("    NetworkPolicies in %-10s %s%n", ns + ":", names.isEmpty() ? "(none)" : names);
    }
  }

  private void printReports(KubernetesClient client) {
    out.println("    Policy reports (kubectl get reports -A):");
    out.printf("      %-10s %-22s %-5s %-5s %s%n", "NAMESPACE", "NAME", "PASS", "FAIL", "SKIP");
    var reports =
        client
            .genericKubernetesResources("openreports.io/v1alpha1", "Report")
            .inAnyNamespace()
            .list()
            .getItems();
    reports.sort(java.util.Comparator.comparing(r -> r.getMetadata().getNamespace()));
    for (var report : reports) {
      Map<?, ?> summary = (Map<?, ?>) report.getAdditionalProperties().get("summary");
      out.printf(
          "      %-10s %-22s %-5s %-5s %s%n",
          report.getMetadata().getNamespace(),
          report.getMetadata().getName(),
          summary.get("pass"),
          summary.get("fail"),
          summary.get("skip"));
    }
  }

  private static NetworkPolicy policy(KubernetesClient client) {
    return client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace("shop-prod")
        .withName("rempart-default-deny")
        .get();
  }

  private static boolean isRestored(KubernetesClient client, NetworkPolicy before) {
    NetworkPolicy now = policy(client);
    return now != null && !now.getMetadata().getUid().equals(before.getMetadata().getUid());
  }

  private static List<Event> events(KubernetesClient client, String baseline) {
    return client.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> baseline.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static void waitFor(BooleanSupplier condition, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the demo timed out after " + seconds + " s");
      }
      Thread.sleep(100);
    }
  }
}
