package dev.rempart.core;

import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.admission.RempartIdentity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one evaluation: baseline + snapshot + clock → findings + desired objects. Shared by the
 * operator and the command line. It is computed partition by partition (see {@link Partition}); the
 * operator keeps the partitions' results and evaluates again only those a change can affect (see
 * {@link IncrementalEvaluation}), which gives the same result as this full evaluation.
 */
public final class Evaluator {
  private final List<Control> controls;

  public Evaluator(List<Control> controls) {
    this.controls = List.copyOf(controls);
  }

  /** An evaluator with every control Rempart has. */
  public static Evaluator standard() {
    return new Evaluator(ControlCatalog.all());
  }

  /** An evaluator with every control, for Rempart running as {@code identity}. */
  public static Evaluator standard(RempartIdentity identity) {
    return new Evaluator(ControlCatalog.all(identity));
  }

  public List<Control> controls() {
    return controls;
  }

  /**
   * The types of object any control reads or owns, and the exceptions to baselines: what the
   * operator must watch.
   */
  public Set<Class<? extends HasMetadata>> watchedTypes() {
    Set<Class<? extends HasMetadata>> types = new LinkedHashSet<>();
    types.add(Namespace.class);
    types.add(BaselineException.class);
    for (Control c : controls) {
      types.addAll(c.inputs());
      types.addAll(c.ownedTypes());
    }
    return types;
  }

  /** A round of evaluation of the baseline over the snapshot at an instant. */
  public EvaluationRound round(SecurityBaseline baseline, Snapshot snapshot, Instant now) {
    return new EvaluationRound(controls, baseline, snapshot, now);
  }

  /** Evaluates every partition of the baseline. */
  public EvaluationResult evaluate(SecurityBaseline baseline, Snapshot snapshot, Clock clock) {
    EvaluationRound round = round(baseline, snapshot, clock.instant());
    Governance governance =
        Governance.resolve(
            baseline, snapshot.all(Namespace.class), snapshot.all(SecurityBaseline.class));
    Set<String> governed = new HashSet<>();
    governance.governed().forEach(ns -> governed.add(ns.getMetadata().getName()));
    List<PartitionResult> parts = new ArrayList<>();
    for (Partition partition : round.allPartitions()) {
      Namespace ns =
          partition.isCluster() || !governed.contains(partition.namespace())
              ? null
              : snapshot.find(Namespace.class, null, partition.namespace()).orElse(null);
      parts.add(round.evaluate(partition, ns));
    }
    return round.assemble(governance, parts);
  }
}
