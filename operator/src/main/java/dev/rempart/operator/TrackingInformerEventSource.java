package dev.rempart.operator;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.ObjectChange;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.function.Consumer;

/**
 * An informer that tells the write ledger what the cache has caught up with, hands every change to
 * the kept evaluations, and drops the echo of Rempart's own writes: that event wakes no baseline.
 * An event that arrives while Rempart is writing its object waits for the write's answer, which
 * tells whether it is the echo (the ledger passes it on later if not).
 */
final class TrackingInformerEventSource<R extends HasMetadata>
    extends InformerEventSource<R, SecurityBaseline> {
  private final WriteLedger ledger;
  private final Consumer<ObjectChange> changes;

  TrackingInformerEventSource(
      InformerEventSourceConfiguration<R> configuration,
      EventSourceContext<SecurityBaseline> context,
      WriteLedger ledger,
      Consumer<ObjectChange> changes) {
    super(configuration, context);
    this.ledger = ledger;
    this.changes = changes;
  }

  @Override
  public void onAdd(R resource) {
    if (!ledger.observed(resource, () -> passOnAdd(resource))) {
      passOnAdd(resource);
    }
  }

  @Override
  public void onUpdate(R oldResource, R newResource) {
    if (!ledger.observed(newResource, () -> passOnUpdate(oldResource, newResource))) {
      passOnUpdate(oldResource, newResource);
    }
  }

  private void passOnAdd(R resource) {
    changes.accept(ObjectChange.of(resource));
    super.onAdd(resource);
  }

  private void passOnUpdate(R oldResource, R newResource) {
    changes.accept(ObjectChange.of(newResource));
    super.onUpdate(oldResource, newResource);
  }

  @Override
  public void onDelete(R resource, boolean deletedFinalStateUnknown) {
    if (resource instanceof Namespace namespace) {
      ledger.forgetNamespace(namespace.getMetadata().getName());
    }
    if (ledger.observedDeletion(resource)) {
      return;
    }
    changes.accept(ObjectChange.of(resource));
    super.onDelete(resource, deletedFinalStateUnknown);
  }
}
