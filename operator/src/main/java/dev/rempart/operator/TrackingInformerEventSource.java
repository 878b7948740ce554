package dev.rempart.operator;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

/** An informer that also tells the write ledger what the cache has caught up with. */
final class TrackingInformerEventSource<R extends HasMetadata>
    extends InformerEventSource<R, SecurityBaseline> {
  private final WriteLedger ledger;

  TrackingInformerEventSource(
      InformerEventSourceConfiguration<R> configuration,
      EventSourceContext<SecurityBaseline> context,
      WriteLedger ledger) {
    super(configuration, context);
    this.ledger = ledger;
  }

  @Override
  public void onAdd(R resource) {
    ledger.observed(resource);
    super.onAdd(resource);
  }

  @Override
  public void onUpdate(R oldResource, R newResource) {
    ledger.observed(newResource);
    super.onUpdate(oldResource, newResource);
  }

  @Override
  public void onDelete(R resource, boolean deletedFinalStateUnknown) {
    ledger.observedDeletion(resource);
    super.onDelete(resource, deletedFinalStateUnknown);
  }
}
