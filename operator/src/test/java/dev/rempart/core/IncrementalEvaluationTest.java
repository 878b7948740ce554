package dev.rempart.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.controls.network.ManagedPolicies;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The work counters: what one change costs is the partitions it can affect, not the cluster. */
class IncrementalEvaluationTest {
  private static final int NAMESPACES = 50;
  private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

  private final List<HasMetadata> cluster = new ArrayList<>();
  private final IncrementalEvaluation evaluation = new IncrementalEvaluation(Evaluator.standard());
  private SecurityBaseline baseline;

  @BeforeEach
  void fiftyGovernedNamespaces() {
    createCluster();
    IncrementalEvaluation.Outcome first = round(List.of());
    assertThat(first.evaluated()).hasSize(NAMESPACES + 1);
    assertThat(first.first()).isTrue();
    assertThat(first.findingChanges().values())
        .as("a first round compares with nothing: every finding opens")
        .allSatisfy(c -> assertThat(c.before()).isEmpty())
        .flatMap(IncrementalEvaluation.FindingChange::after)
        .hasSize(first.result().findings().size());
    // What Rempart wrote in the first round (each namespace's policies and labels) is taken in at
    // the next one: its echo is not a change, but the kept result must hold the written objects.
    assertThat(round(List.of()).evaluated()).hasSize(NAMESPACES);
  }

  /** Fifty governed namespaces with a pod each, and the baseline: nothing written yet. */
  private void createCluster() {
    cluster.clear();
    baseline = baseline(1);
    cluster.add(baseline);
    for (int i = 0; i < NAMESPACES; i++) {
      cluster.add(
          parse(
              "apiVersion: v1\nkind: Namespace\nmetadata: {name: ns-"
                  + i
                  + ", labels: {rempart.dev/governed: \"true\", rempart.dev/environment:"
                  + " production}}"));
      cluster.add(pod("ns-" + i, "web", false));
    }
  }

  @Test
  void afterAColdStartRempartsWritesAreEvaluatedAgainASliceAtATime() {
    createCluster();
    IncrementalEvaluation sliced = new IncrementalEvaluation(Evaluator.standard(), 10);
    IncrementalEvaluation.Outcome first = round(sliced, List.of());
    assertThat(first.full()).isTrue();
    assertThat(first.partial()).isFalse();
    assertThat(first.result().driftToRepair()).hasSizeGreaterThan(NAMESPACES);
    assertThat(sliced.writesLeftToEvaluate())
        .as("the first round's writes leave its result about to change (its reports wait)")
        .isTrue();

    IncrementalEvaluation.Outcome slice = round(sliced, List.of());
    assertThat(slice.partial()).isTrue();
    assertThat(slice.evaluated()).hasSize(10);
    assertThat(slice.result().driftToRepair())
        .as("what was written is not written again while its partition waits")
        .isEmpty();
    Set<Partition> evaluatedSoFar = new HashSet<>(slice.evaluated());

    // A deletion in a namespace still waiting: evaluated in the next round, not after the rest.
    String waiting =
        IntStream.range(0, NAMESPACES)
            .mapToObj(i -> "ns-" + i)
            .filter(ns -> !evaluatedSoFar.contains(Partition.of(ns)))
            .reduce((a, b) -> b)
            .orElseThrow();
    HasMetadata policy = managedPolicy(waiting, ManagedPolicies.DEFAULT_DENY);
    cluster.remove(policy);
    IncrementalEvaluation.Outcome withDeletion = round(sliced, List.of(ObjectChange.of(policy)));
    assertThat(withDeletion.partial()).isTrue();
    assertThat(withDeletion.evaluated()).contains(Partition.of(waiting)).hasSize(11);
    assertThat(withDeletion.result().driftToRepair())
        .singleElement()
        .satisfies(d -> assertThat(d.desired().ref()).isEqualTo(ResourceRef.of(policy)));
    evaluatedSoFar.addAll(withDeletion.evaluated());

    IncrementalEvaluation.Outcome last = withDeletion;
    int rounds = 0;
    while (last.partial()) {
      last = round(sliced, List.of());
      evaluatedSoFar.addAll(last.evaluated());
      assertThat(++rounds).isLessThan(NAMESPACES);
    }
    assertThat(evaluatedSoFar).hasSizeGreaterThanOrEqualTo(NAMESPACES);
    assertThat(sliced.writesLeftToEvaluate()).isFalse();
    assertThat(last.refreshed())
        .as("the reports to rebuild: every partition evaluated since the first round's result")
        .containsAll(evaluatedSoFar);
    assertThat(last.resultChanged()).isTrue();
    EvaluationResult full =
        Evaluator.standard()
            .evaluate(
                baseline,
                Snapshot.builder().addAll(cluster).build(),
                java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    assertThat(last.result().findings()).isEqualTo(full.findings());
    assertThat(last.result().driftToRepair()).isEmpty();
    assertThat(round(sliced, List.of()).evaluated()).isEmpty();
  }

  private HasMetadata managedPolicy(String namespace, String name) {
    return cluster.stream()
        .filter(o -> o.getKind().equals("NetworkPolicy"))
        .filter(o -> namespace.equals(o.getMetadata().getNamespace()))
        .filter(o -> name.equals(o.getMetadata().getName()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aPodChangedInOneNamespaceEvaluatesThatNamespaceOnly() {
    HasMetadata privileged = pod("ns-7", "web", true);
    replace(privileged);

    IncrementalEvaluation.Outcome outcome = round(List.of(ObjectChange.of(privileged)));

    assertThat(outcome.evaluated()).containsExactly(Partition.of("ns-7"));
    assertThat(outcome.changed()).containsExactly(Partition.of("ns-7"));
    // The namespace's own objects: one pod, and what the controls look up beside it.
    assertThat(outcome.objectsRead()).isLessThan(20);
    assertThat(outcome.result().findings())
        .anyMatch(f -> f.check().equals("privileged") && "ns-7".equals(f.resource().namespace()));
    assertThat(outcome.first()).isFalse();
    assertThat(outcome.findingChanges()).containsOnlyKeys(Partition.of("ns-7"));
    assertThat(outcome.findingChanges().get(Partition.of("ns-7")).transitions())
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.kind()).isEqualTo(FindingTransition.Kind.OPENED))
        .anyMatch(t -> t.finding().check().equals("privileged"));

    replace(pod("ns-7", "web", false));
    IncrementalEvaluation.Outcome fixed = round(List.of(ObjectChange.of(privileged)));
    assertThat(fixed.findingChanges().get(Partition.of("ns-7")).transitions())
        .isNotEmpty()
        .allSatisfy(t -> assertThat(t.kind()).isEqualTo(FindingTransition.Kind.RESOLVED));
  }

  @Test
  void aRoundWithoutChangeEvaluatesNothing() {
    IncrementalEvaluation.Outcome outcome = round(List.of());

    assertThat(outcome.evaluated()).isEmpty();
    assertThat(outcome.objectsRead()).isZero();
    assertThat(outcome.findingChanges()).isEmpty();
  }

  @Test
  void aDeletedManagedPolicyIsRepairedFromTheKeptDesiredObjectWithoutEvaluation() {
    HasMetadata managed =
        cluster.stream()
            .filter(
                o -> ManagedObjects.isManaged(o) && "ns-3".equals(o.getMetadata().getNamespace()))
            .findFirst()
            .orElseThrow();
    cluster.remove(managed);

    IncrementalEvaluation.Outcome outcome = round(List.of(ObjectChange.of(managed)));

    assertThat(outcome.evaluated()).isEmpty();
    assertThat(outcome.repairs())
        .singleElement()
        .satisfies(d -> assertThat(d.state()).isEqualTo(Drift.State.MISSING));
    assertThat(evaluation.counters().fastRepairChecks()).isEqualTo(1);
  }

  @Test
  void rempartsOwnWriteIsEvaluatedAtTheNextRoundOnly() {
    HasMetadata pod = pod("ns-9", "web", true);
    replace(pod);
    evaluation.wrote(ObjectChange.of(pod));

    assertThat(round(List.of()).evaluated()).containsExactly(Partition.of("ns-9"));
  }

  @Test
  void aNamespaceLeavingGovernanceEvaluatesThatNamespaceOnly() {
    HasMetadata ungoverned =
        parse("apiVersion: v1\nkind: Namespace\nmetadata: {name: ns-4, labels: {team: x}}");
    replace(ungoverned);

    IncrementalEvaluation.Outcome outcome = round(List.of(ObjectChange.of(ungoverned)));

    assertThat(outcome.evaluated()).containsExactly(Partition.of("ns-4"));
    assertThat(outcome.result().governance().governed()).hasSize(NAMESPACES - 1);
    // What Rempart made there is now an orphan to remove.
    assertThat(outcome.result().orphansToRemove()).isNotEmpty();
  }

  @Test
  void anExceptionEvaluatesWhatItCoversOnly() {
    HasMetadata exception =
        parse(
            "apiVersion: rempart.dev/v1alpha1\nkind: BaselineException\nmetadata: {name: e1}\n"
                + "spec: {baseline: b, controls: [{control: podSecurity}], namespaces: [ns-1,"
                + " ns-2], reason: r, ticket: T, approvedBy: x, expiresAt:"
                + " \"2026-01-20T00:00:00Z\"}");
    cluster.add(exception);

    IncrementalEvaluation.Outcome created = round(List.of(ObjectChange.of(exception)));
    assertThat(created.evaluated())
        .containsExactlyInAnyOrder(Partition.CLUSTER, Partition.of("ns-1"), Partition.of("ns-2"));

    // Its expiry, with no event at all, evaluates the same partitions again.
    IncrementalEvaluation.Outcome expired = round(List.of(), NOW.plus(Duration.ofDays(6)));
    assertThat(expired.evaluated())
        .containsExactlyInAnyOrder(Partition.CLUSTER, Partition.of("ns-1"), Partition.of("ns-2"));
  }

  @Test
  void thePeriodicFullEvaluationCorrectsAndCountsAChangeThatWasMissed() {
    replace(pod("ns-12", "web", true)); // no change reported: as if its event was lost
    assertThat(round(List.of()).evaluated()).isEmpty();

    evaluation.resyncAll();
    IncrementalEvaluation.Outcome resync = round(List.of());

    assertThat(resync.evaluated()).hasSize(NAMESPACES + 1);
    assertThat(resync.changed()).containsExactly(Partition.of("ns-12"));
    assertThat(evaluation.counters().resyncCorrections()).isEqualTo(1);
    assertThat(resync.result().findings())
        .anyMatch(f -> f.check().equals("privileged") && "ns-12".equals(f.resource().namespace()));
  }

  @Test
  void aNewGenerationOfTheBaselineEvaluatesEverythingOnce() {
    cluster.remove(baseline);
    baseline = baseline(2);
    cluster.add(baseline);

    IncrementalEvaluation.Outcome outcome = round(List.of(ObjectChange.of(baseline)));
    assertThat(outcome.evaluated()).hasSize(NAMESPACES + 1);
    // Compared with the previous generation's findings: none opened or resolved.
    assertThat(outcome.findingChanges().values())
        .allSatisfy(c -> assertThat(c.transitions()).isEmpty());
    assertThat(round(List.of()).evaluated()).isEmpty();
  }

  private IncrementalEvaluation.Outcome round(List<ObjectChange> changes) {
    return round(changes, NOW);
  }

  private IncrementalEvaluation.Outcome round(List<ObjectChange> changes, Instant at) {
    return round(evaluation, changes, at);
  }

  private IncrementalEvaluation.Outcome round(
      IncrementalEvaluation evaluation, List<ObjectChange> changes) {
    return round(evaluation, changes, NOW);
  }

  private IncrementalEvaluation.Outcome round(
      IncrementalEvaluation evaluation, List<ObjectChange> changes, Instant at) {
    Snapshot snapshot = Snapshot.builder().addAll(cluster).build();
    IncrementalEvaluation.Outcome outcome = evaluation.evaluate(baseline, snapshot, at, changes);
    // Repairs are made, as the operator would make them: the cluster holds what is desired.
    List<HasMetadata> written = new ArrayList<>();
    for (Drift drift : outcome.result().driftToRepair()) {
      apply(drift.desired().object());
      written.add(drift.desired().object());
    }
    for (EvaluationResult.Orphan orphan : outcome.result().orphansToRemove()) {
      cluster.remove(orphan.object());
      written.add(orphan.object());
    }
    evaluation.remediated(outcome, written, List.of());
    return outcome;
  }

  /** Server-side apply as far as the evaluation can tell: a Namespace's labels are merged. */
  private void apply(HasMetadata desired) {
    if (desired instanceof io.fabric8.kubernetes.api.model.Namespace ns) {
      HasMetadata actual =
          cluster.stream()
              .filter(o -> o.getKind().equals("Namespace"))
              .filter(o -> o.getMetadata().getName().equals(ns.getMetadata().getName()))
              .findFirst()
              .orElseThrow();
      java.util.Map<String, String> labels =
          new java.util.HashMap<>(actual.getMetadata().getLabels());
      labels.putAll(ns.getMetadata().getLabels());
      HasMetadata merged =
          ManifestReader.parse(ManifestReader.kubernetesSerialization().asYaml(actual)).get(0);
      merged.getMetadata().setLabels(labels);
      replace(merged);
      return;
    }
    replace(desired);
  }

  private void replace(HasMetadata object) {
    cluster.removeIf(
        o ->
            o.getKind().equals(object.getKind())
                && o.getMetadata().getName().equals(object.getMetadata().getName())
                && java.util.Objects.equals(
                    o.getMetadata().getNamespace(), object.getMetadata().getNamespace()));
    cluster.add(object);
  }

  private static HasMetadata pod(String namespace, String name, boolean privileged) {
    return parse(
        "apiVersion: v1\nkind: Pod\nmetadata: {name: "
            + name
            + ", namespace: "
            + namespace
            + "}\nspec: {containers: [{name: app, image: nginx:1.27, securityContext: {privileged: "
            + privileged
            + "}}]}");
  }

  private static SecurityBaseline baseline(long generation) {
    SecurityBaseline b =
        (SecurityBaseline)
            parse(
                "apiVersion: rempart.dev/v1alpha1\nkind: SecurityBaseline\nmetadata: {name: b,"
                    + " uid: u1, generation: "
                    + generation
                    + "}\nspec:\n  mode: Enforce\n  namespaceSelector: {matchLabels:"
                    + " {rempart.dev/governed: \"true\"}}\n  network: {}\n  podSecurity: {level:"
                    + " restricted}\n  environments: {allowed: [production], isolated: [production]}\n");
    return b;
  }

  private static HasMetadata parse(String yaml) {
    return ManifestReader.parse(yaml).get(0);
  }
}
