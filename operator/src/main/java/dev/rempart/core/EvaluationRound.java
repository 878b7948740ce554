package dev.rempart.core;

import dev.rempart.api.v1alpha1.ControlSection;
import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.EvaluationResult.ControlRun;
import dev.rempart.core.EvaluationResult.Orphan;
import dev.rempart.core.exceptions.ExceptionPolicy;
import dev.rempart.core.exceptions.HeldBack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One evaluation of a baseline at one instant: the baseline, the snapshot, the time, the modes its
 * controls run in and the exceptions that apply. It evaluates partitions one at a time and
 * assembles their results; a full evaluation and an incremental one differ only in which partitions
 * they evaluate again.
 */
public final class EvaluationRound {
  private final List<Control> controls;
  private final Map<String, Control> byName = new HashMap<>();
  private final SecurityBaseline baseline;
  private final Snapshot snapshot;
  private final Instant now;
  private final List<ControlRun> runs = new ArrayList<>();
  private final ExceptionPolicy exceptions;

  EvaluationRound(
      List<Control> controls, SecurityBaseline baseline, Snapshot snapshot, Instant now) {
    this.controls = controls;
    this.baseline = baseline;
    this.snapshot = snapshot;
    this.now = now;
    Mode baselineMode = baseline.getSpec().effectiveMode();
    for (Control control : controls) {
      byName.put(control.name(), control);
      Optional<? extends ControlSection> section = control.section(baseline.getSpec());
      section.ifPresent(
          s ->
              runs.add(
                  new ControlRun(
                      control.name(), control.clauses(), s.effectiveMode(baselineMode))));
    }
    this.exceptions = ExceptionPolicy.of(snapshot, baseline, now);
  }

  public Instant now() {
    return now;
  }

  public ExceptionPolicy exceptions() {
    return exceptions;
  }

  /**
   * The partitions a full evaluation looks at: the cluster, every namespace, and every namespace
   * holding an object the controls own (a namespace gone from the snapshot may still hold them).
   */
  public Set<Partition> allPartitions() {
    Set<Partition> all = new HashSet<>();
    all.add(Partition.CLUSTER);
    for (Namespace ns : snapshot.all(Namespace.class)) {
      all.add(Partition.of(ns.getMetadata().getName()));
    }
    for (Control control : controls) {
      for (Class<? extends HasMetadata> type : control.ownedTypes()) {
        snapshot.namespacesHolding(type).forEach(ns -> all.add(Partition.of(ns)));
      }
    }
    return all;
  }

  /**
   * Evaluates one partition.
   *
   * @param partition the partition
   * @param governed the partition's namespace when this baseline acts there, else null: the
   *     controls then do not run there, and only {@code spec.ungovernedNamespaces: Report} can make
   *     the namespace itself a finding
   */
  public PartitionResult evaluate(Partition partition, Namespace governed) {
    Dependencies reads = new Dependencies(partition);
    Snapshot reading = snapshot.recording(reads);
    Mode baselineMode = baseline.getSpec().effectiveMode();
    Instant revisitAt = null;
    List<Finding> findings = new ArrayList<>();
    List<DesiredObject> desired = new ArrayList<>();
    List<Evidence> evidence = new ArrayList<>();
    List<Removal> removals = new ArrayList<>();
    Set<String> failed = new HashSet<>();
    for (Control control : controls) {
      Optional<? extends ControlSection> section = control.section(baseline.getSpec());
      if (section.isEmpty() || (!partition.isCluster() && governed == null)) {
        continue;
      }
      Mode mode = section.get().effectiveMode(baselineMode);
      List<Namespace> scope = governed == null ? List.of() : List.of(governed);
      ControlContext context = new ControlContext(baseline, mode, scope, reading, now);
      ControlResult result;
      try {
        ControlResult.Builder out = ControlResult.builder();
        if (partition.isCluster()) {
          control.evaluateCluster(context, out);
        } else {
          control.evaluateNamespace(context, governed, out);
        }
        result = out.build();
      } catch (RuntimeException e) {
        // One odd object must not stop the whole baseline (nor, in the operator, every round).
        failed.add(control.name());
        result =
            ControlResult.builder()
                .finding(UnevaluablePartition.finding(baseline, control, partition, e))
                .build();
      }
      findings.addAll(result.findings());
      desired.addAll(result.desired());
      evidence.addAll(result.evidence());
      removals.addAll(result.removals());
      if (result.revisitAt() != null
          && (revisitAt == null || result.revisitAt().isBefore(revisitAt))) {
        revisitAt = result.revisitAt();
      }
    }
    if (!partition.isCluster() && governed == null) {
      // Read through the recording snapshot: a change to the namespace evaluates this again.
      reading
          .find(Namespace.class, null, partition.namespace())
          .flatMap(ns -> UngovernedNamespaceCheck.finding(baseline, ns, runs))
          .ifPresent(findings::add);
    }
    List<Drift> drift = DriftDetector.detect(desired, reading);
    findings.addAll(DriftDetector.findingsFor(drift, findings, byName));
    List<Orphan> orphans = orphans(partition, desired, reading, failed);
    EvaluationResult raw =
        new EvaluationResult(
            baselineName(), now, null, runs, findings, desired, drift, orphans, evidence, removals);
    EvaluationResult excepted = exceptions.applyTo(raw, ExceptionPolicy.labelsIn(reading));
    // In a fixed order, whatever order the objects were read in (an informer's store may hand
    // them over in another order each time): the same outcome then compares equal.
    return new PartitionResult(
        partition,
        sorted(excepted.findings(), Finding.ORDER),
        excepted.desired(),
        excepted.drift(),
        sorted(excepted.orphans(), Comparator.comparing(Orphan::ref)),
        sorted(excepted.evidence(), Evidence.ORDER),
        sorted(excepted.removals(), Comparator.comparing(Removal::ref)),
        sorted(excepted.heldBack(), Comparator.comparing(HeldBack::ref)),
        reads.keys(),
        revisitAt,
        reads.objectsRead());
  }

  /** The result of the whole baseline, from the results of every partition. */
  public EvaluationResult assemble(Governance governance, Collection<PartitionResult> parts) {
    return assemble(governance, parts, null, null);
  }

  /**
   * The same result as {@link #assemble}, from a previous one and what changed since: the
   * partitions' results it was put together from that are no longer kept ({@code removed}) and
   * those kept instead ({@code added}). The findings and the evidence, by far the longest lists,
   * are patched rather than sorted again, so that a change in one namespace does not sort the whole
   * cluster's findings.
   */
  public EvaluationResult reassemble(
      Governance governance,
      Collection<PartitionResult> parts,
      EvaluationResult previous,
      Replaced replaced) {
    return assemble(governance, parts, previous, replaced);
  }

  /**
   * The partitions' results a previous result was put together from and no longer kept, and those
   * kept in their place or added, each in partition order.
   */
  public record Replaced(List<PartitionResult> removed, List<PartitionResult> added) {}

  private EvaluationResult assemble(
      Governance governance,
      Collection<PartitionResult> parts,
      EvaluationResult previous,
      Replaced replaced) {
    boolean patch = previous != null;
    List<Finding> findings = new ArrayList<>();
    List<DesiredObject> desired = new ArrayList<>();
    List<Drift> drift = new ArrayList<>();
    List<Orphan> orphans = new ArrayList<>();
    List<Evidence> evidence = new ArrayList<>();
    List<Removal> removals = new ArrayList<>();
    List<HeldBack> heldBack = new ArrayList<>();
    List<PartitionResult> ordered = new ArrayList<>(parts);
    ordered.sort(Comparator.comparing(PartitionResult::partition));
    for (PartitionResult part : ordered) {
      if (!patch) {
        findings.addAll(part.findings());
        evidence.addAll(part.evidence());
      }
      desired.addAll(part.desired());
      drift.addAll(part.drift());
      orphans.addAll(part.orphans());
      removals.addAll(part.removals());
      heldBack.addAll(part.heldBack());
    }
    if (patch) {
      // Fresh lists no one else holds: wrapped, not copied again (670,000 findings at 10,000
      // namespaces).
      findings =
          patched(previous.findings(), replaced, PartitionResult::findings, Finding.ORDER)
              .orElseGet(() -> all(ordered, PartitionResult::findings, Finding.ORDER));
      evidence =
          patched(previous.evidence(), replaced, PartitionResult::evidence, Evidence.ORDER)
              .orElseGet(() -> all(ordered, PartitionResult::evidence, Evidence.ORDER));
    } else {
      findings.sort(Finding.ORDER);
      evidence.sort(Evidence.ORDER);
    }
    orphans.sort(Comparator.comparing(Orphan::ref));
    removals.sort(Comparator.comparing(Removal::ref));
    heldBack.sort(Comparator.comparing(HeldBack::ref));
    return new EvaluationResult(
        baselineName(),
        now,
        governance,
        List.copyOf(runs),
        patch ? Collections.unmodifiableList(findings) : List.copyOf(findings),
        List.copyOf(desired),
        List.copyOf(drift),
        List.copyOf(orphans),
        patch ? Collections.unmodifiableList(evidence) : List.copyOf(evidence),
        List.copyOf(removals),
        exceptions.assessments(),
        List.copyOf(heldBack));
  }

  private static <T> Optional<List<T>> patched(
      List<T> previous,
      Replaced replaced,
      Function<PartitionResult, List<T>> items,
      Comparator<? super T> order) {
    List<T> removed = new ArrayList<>();
    replaced.removed().forEach(part -> removed.addAll(items.apply(part)));
    List<T> added = new ArrayList<>();
    replaced.added().forEach(part -> added.addAll(items.apply(part)));
    return SortedPatch.apply(previous, removed, added, order);
  }

  private static <T> List<T> all(
      List<PartitionResult> ordered,
      Function<PartitionResult, List<T>> items,
      Comparator<? super T> order) {
    List<T> all = new ArrayList<>();
    ordered.forEach(part -> all.addAll(items.apply(part)));
    all.sort(order);
    return all;
  }

  private static <T> List<T> sorted(List<T> items, Comparator<? super T> order) {
    if (items.size() < 2) {
      return items;
    }
    List<T> copy = new ArrayList<>(items);
    copy.sort(order);
    return List.copyOf(copy);
  }

  private String baselineName() {
    return baseline.getMetadata().getName();
  }

  /**
   * Objects of the partition that this baseline made and no control wants: in a namespace, those of
   * the owned types there; in the cluster partition, cluster-scoped ones.
   */
  private List<Orphan> orphans(
      Partition partition, List<DesiredObject> desired, Snapshot reading, Set<String> failed) {
    String name = baselineName();
    Set<ResourceRef> wanted = new HashSet<>();
    desired.forEach(d -> wanted.add(d.ref()));
    Mode baselineMode = baseline.getSpec().effectiveMode();
    List<Orphan> orphans = new ArrayList<>();
    for (Control control : controls) {
      if (failed.contains(control.name())) {
        continue; // what it wants is unknown: its objects stay
      }
      Mode mode =
          control
              .section(baseline.getSpec())
              .map(s -> (Mode) s.effectiveMode(baselineMode))
              .orElse(baselineMode);
      for (Class<? extends HasMetadata> type : control.ownedTypes()) {
        boolean namespaced = Namespaced.class.isAssignableFrom(type);
        if (namespaced == partition.isCluster()) {
          continue;
        }
        List<? extends HasMetadata> candidates =
            namespaced ? reading.inNamespace(type, partition.namespace()) : reading.all(type);
        for (HasMetadata object : candidates) {
          ResourceRef ref = ResourceRef.of(object);
          if (ManagedObjects.isManagedBy(object, name)
              && control.name().equals(controlLabel(object))
              && !wanted.contains(ref)) {
            orphans.add(new Orphan(ref, object, mode == Mode.Enforce));
          }
        }
      }
    }
    return orphans;
  }

  private static String controlLabel(HasMetadata object) {
    return object.getMetadata().getLabels().get(ManagedObjects.CONTROL_LABEL);
  }
}
