package dev.rempart.operator;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.ObjectChange;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The informer of every SecurityBaseline, through which baselines watch each other: one created,
 * deleted, or given a new spec (a new generation) or a deletion timestamp can start or end a
 * conflict over a namespace, so the kept evaluations are told. A status write is none of these and
 * is not passed on. It used to be, from the informer's mapper, which the framework calls for every
 * event before any filter: each round that wrote a status made the next one work out the governance
 * of every namespace again (half the reconcile thread's time under churn at 10,000 namespaces;
 * `rempart_governance_recomputations_total`, asserted in MetricsIT).
 */
final class BaselineChangeSource extends InformerEventSource<SecurityBaseline, SecurityBaseline> {
  private final Consumer<ObjectChange> changes;

  BaselineChangeSource(
      InformerEventSourceConfiguration<SecurityBaseline> configuration,
      EventSourceContext<SecurityBaseline> context,
      Consumer<ObjectChange> changes) {
    super(configuration, context);
    this.changes = changes;
  }

  /** True when the update can move a conflict: not a status write. */
  static boolean matters(SecurityBaseline previous, SecurityBaseline next) {
    return !Objects.equals(
            next.getMetadata().getGeneration(), previous.getMetadata().getGeneration())
        || !Objects.equals(
            next.getMetadata().getDeletionTimestamp(),
            previous.getMetadata().getDeletionTimestamp());
  }

  @Override
  public void onAdd(SecurityBaseline resource) {
    changes.accept(ObjectChange.of(resource));
    super.onAdd(resource);
  }

  @Override
  public void onUpdate(SecurityBaseline previous, SecurityBaseline next) {
    if (matters(previous, next)) {
      changes.accept(ObjectChange.of(next));
    }
    super.onUpdate(previous, next);
  }

  @Override
  public void onDelete(SecurityBaseline resource, boolean deletedFinalStateUnknown) {
    changes.accept(ObjectChange.of(resource));
    super.onDelete(resource, deletedFinalStateUnknown);
  }
}
