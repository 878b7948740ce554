package dev.rempart.bench;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Evaluator;
import dev.rempart.core.Finding;
import dev.rempart.core.IncrementalEvaluation;
import dev.rempart.core.ObjectChange;
import dev.rempart.core.Snapshot;
import dev.rempart.core.policyreports.PolicyReportBuilder;
import dev.rempart.core.status.StatusCalculator;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pure core alone, warm, in this JVM: a full evaluation of N namespaces x 10 pods under the
 * addendum's baseline (every control), and incremental rounds after one pod changed, the objects
 * kept and changed in place as the operator's informer stores keep them ({@link LiveObjects}). CPU
 * time of the evaluating thread (ThreadMXBean), so other load on the machine does not count.
 *
 * <p>Usage: {@code CoreBenchmark [N]} (default 10,000).
 */
public final class CoreBenchmark {
  private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    SecurityBaseline baseline = baseline();
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(baseline);
    for (int i = 0; i < n; i++) {
      String ns = "ns-" + i;
      objects.add(
          new NamespaceBuilder()
              .withNewMetadata()
              .withName(ns)
              .withLabels(
                  Map.of("rempart.dev/governed", "true", "rempart.dev/environment", "production"))
              .endMetadata()
              .build());
      for (int p = 0; p < 10; p++) {
        objects.add(pod(ns, "pod-" + p, p % 3 == 0));
      }
    }
    Snapshot snapshot = Snapshot.builder().addAll(objects).build();
    Evaluator evaluator = Evaluator.standard();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    System.out.printf(
        "core benchmark: %d namespaces x 10 pods (%d objects), java %s, %d MiB max heap%n",
        n,
        objects.size(),
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    EvaluationResult result = null;
    for (int i = 0; i < 3; i++) {
      result = evaluator.evaluate(baseline, snapshot, clock);
    }
    List<Double> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long start = cpu.getCurrentThreadCpuTime();
      result = evaluator.evaluate(baseline, snapshot, clock);
      runs.add((cpu.getCurrentThreadCpuTime() - start) / 1e9);
    }
    runs.sort(Double::compare);
    System.out.printf(
        "full evaluation: median %.3f s CPU (min %.3f, max %.3f) over 5 warm runs; %d findings,"
            + " %d desired objects%n",
        runs.get(2), runs.get(0), runs.get(4), result.findings().size(), result.desired().size());

    converged(evaluator, baseline, objects, result, clock, cpu);

    IncrementalEvaluation incremental = new IncrementalEvaluation(evaluator);
    long start = cpu.getCurrentThreadCpuTime();
    incremental.evaluate(baseline, snapshot, NOW, List.of());
    System.out.printf(
        "incremental, first round (everything): %.3f s CPU%n",
        (cpu.getCurrentThreadCpuTime() - start) / 1e9);
    LiveObjects live = new LiveObjects();
    objects.forEach(live::put);
    Snapshot cached = Snapshot.over(live);
    incremental.evaluate(baseline, cached, NOW, List.of());
    rounds(incremental, baseline, live, cached, n, false, cpu);
    rounds(incremental, baseline, live, cached, n, true, cpu);
  }

  /**
   * The same cluster once Rempart's desired objects are in place (its policies, the namespaces'
   * labels), as after an operator's first round: the evaluation that follows a cold start.
   */
  private static void converged(
      Evaluator evaluator,
      SecurityBaseline baseline,
      List<HasMetadata> objects,
      EvaluationResult first,
      Clock clock,
      ThreadMXBean cpu) {
    Map<String, HasMetadata> byKey = new java.util.LinkedHashMap<>();
    objects.forEach(o -> byKey.put(key(o), o));
    for (var desired : first.desired()) {
      HasMetadata object = desired.object();
      HasMetadata actual = byKey.get(key(object));
      if (actual instanceof io.fabric8.kubernetes.api.model.Namespace ns) {
        Map<String, String> labels = new java.util.HashMap<>(ns.getMetadata().getLabels());
        labels.putAll(object.getMetadata().getLabels());
        byKey.put(
            key(object),
            new NamespaceBuilder(ns).editMetadata().withLabels(labels).endMetadata().build());
      } else {
        byKey.put(key(object), object);
      }
    }
    Snapshot snapshot = Snapshot.builder().addAll(byKey.values()).build();
    EvaluationResult result = null;
    List<Double> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long start = cpu.getCurrentThreadCpuTime();
      result = evaluator.evaluate(baseline, snapshot, clock);
      runs.add((cpu.getCurrentThreadCpuTime() - start) / 1e9);
    }
    runs.sort(Double::compare);
    System.out.printf(
        "full evaluation once Rempart's %d desired objects are in place: median %.3f s CPU (min"
            + " %.3f, max %.3f) over 5 runs; %d findings, %d drift%n",
        first.desired().size(),
        runs.get(2),
        runs.get(0),
        runs.get(4),
        result.findings().size(),
        result.drift().size());
  }

  private static String key(HasMetadata o) {
    return o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
  }

  /**
   * 50 rounds, each after one pod changed: its labels only (no finding changes), or whether it is
   * privileged (its namespace's findings change, so the whole result is put together again).
   */
  private static void rounds(
      IncrementalEvaluation incremental,
      SecurityBaseline baseline,
      LiveObjects live,
      Snapshot cached,
      int n,
      boolean findingsChange,
      ThreadMXBean cpu) {
    List<Double> rounds = new ArrayList<>();
    List<Double> opens = new ArrayList<>();
    List<Double> reports = new ArrayList<>();
    List<Double> statuses = new ArrayList<>();
    long objectsRead = 0;
    long recordEntries = 0;
    long partitions = incremental.counters().partitionsEvaluated();
    long assemblies = incremental.counters().assemblies();
    for (int i = 0; i < 50; i++) {
      String ns = "ns-" + (i * 37) % n;
      // pod-0 starts privileged: labels only keeps it so, the other variant takes it back.
      Pod changed = pod(ns, "pod-0", !findingsChange);
      changed.getMetadata().setLabels(Map.of("app", "pod-0", "round", Integer.toString(i)));
      live.put(changed);
      long start = cpu.getCurrentThreadCpuTime();
      IncrementalEvaluation.Outcome outcome =
          incremental.evaluate(baseline, cached, NOW, List.of(ObjectChange.of(changed)));
      rounds.add((cpu.getCurrentThreadCpuTime() - start) / 1e6);
      objectsRead += outcome.objectsRead();
      // What the operator computes from the round's result (BaselineReconciler): the findings
      // still open, the changed namespace's policy report, the status.
      EvaluationResult result = outcome.result();
      start = cpu.getCurrentThreadCpuTime();
      List<Finding> open = result.openFindings(Set.of());
      opens.add((cpu.getCurrentThreadCpuTime() - start) / 1e6);
      start = cpu.getCurrentThreadCpuTime();
      PolicyReportBuilder.build(result, open, 100, ns::equals, false);
      reports.add((cpu.getCurrentThreadCpuTime() - start) / 1e6);
      start = cpu.getCurrentThreadCpuTime();
      StatusCalculator.compute(baseline, result, open, null, null);
      statuses.add((cpu.getCurrentThreadCpuTime() - start) / 1e6);
      // What the record writes for the round: one entry per finding opened, excepted or
      // resolved (OperatorRecord.evaluated), none for the findings that stayed as they were.
      for (IncrementalEvaluation.FindingChange change : outcome.findingChanges().values()) {
        recordEntries += change.transitions().size();
      }
    }
    rounds.sort(Double::compare);
    System.out.printf(
        "incremental round after one pod changed (%s): median %.2f ms CPU, p99 %.2f ms (50"
            + " rounds), %.1f objects read and %.1f partitions evaluated per round, %d of 50"
            + " rounds put the whole result together again, %.1f record entries per round%n",
        findingsChange ? "its findings change" : "labels only, no finding changes",
        rounds.get(25),
        rounds.get(49),
        objectsRead / 50.0,
        (incremental.counters().partitionsEvaluated() - partitions) / 50.0,
        incremental.counters().assemblies() - assemblies,
        recordEntries / 50.0);
    opens.sort(Double::compare);
    reports.sort(Double::compare);
    statuses.sort(Double::compare);
    System.out.printf(
        "  then, from its result, as the operator does: open findings %.2f ms, the namespace's"
            + " policy report %.2f ms, the status %.2f ms (medians)%n",
        opens.get(25), reports.get(25), statuses.get(25));
  }

  private static Pod pod(String namespace, String name, boolean privileged) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("registry.example/app:1.2.3")
        .withNewSecurityContext()
        .withPrivileged(privileged)
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }

  private static SecurityBaseline baseline() {
    return (SecurityBaseline)
        ManifestReader.parse(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: SecurityBaseline
                metadata: {name: bench, uid: u1, generation: 1}
                spec:
                  mode: Enforce
                  namespaceSelector: {matchLabels: {rempart.dev/governed: "true"}}
                  network: {defaultDeny: [Ingress, Egress], allowDNS: true}
                  podSecurity: {level: restricted, labelNamespaces: true}
                  environments: {allowed: [production, development], isolated: [production]}
                  encryption: {inTransit: {requireIngressTLS: true}}
                  accessControl: {reviewIntervalDays: 90}
                """)
            .get(0);
  }

  private CoreBenchmark() {}
}
