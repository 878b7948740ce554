package dev.rempart.operator;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.config.informer.FieldSelector;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator's view of the cluster: one informer per type the controls read, and the snapshot the
 * evaluation core is fed from them. Any change to a watched object re-evaluates every baseline
 * (there are few baselines; each evaluation sees the whole picture).
 */
final class ClusterView {
  private static final String SERVICE_ACCOUNT_TOKEN = "kubernetes.io/service-account-token";
  private final Set<Class<? extends HasMetadata>> types;
  private final WriteLedger ledger;
  private final List<TrackingInformerEventSource<? extends HasMetadata>> sources =
      new ArrayList<>();
  private EventSourceContext<SecurityBaseline> context;

  ClusterView(Set<Class<? extends HasMetadata>> types, WriteLedger ledger) {
    this.types = types;
    this.ledger = ledger;
  }

  /** Creates the informers; called once by the framework. */
  List<EventSource<?, SecurityBaseline>> eventSources(
      EventSourceContext<SecurityBaseline> context) {
    this.context = context;
    List<EventSource<?, SecurityBaseline>> created = new ArrayList<>();
    for (Class<? extends HasMetadata> type : types) {
      TrackingInformerEventSource<? extends HasMetadata> source = informer(type, context);
      sources.add(source);
      created.add(source);
    }
    created.add(otherBaselines(context));
    return created;
  }

  /**
   * Baselines watch each other: one created, changed or deleted can start or end a conflict with
   * another. Status writes (no new generation) are ignored, so baselines never ping-pong.
   */
  private EventSource<?, SecurityBaseline> otherBaselines(
      EventSourceContext<SecurityBaseline> context) {
    var configuration =
        InformerEventSourceConfiguration.from(SecurityBaseline.class, SecurityBaseline.class)
            .withName("OtherSecurityBaselines")
            .withSecondaryToPrimaryMapper(changed -> allBaselines())
            .withOnUpdateFilter(
                (next, previous) ->
                    !Objects.equals(
                            next.getMetadata().getGeneration(),
                            previous.getMetadata().getGeneration())
                        || !Objects.equals(
                            next.getMetadata().getDeletionTimestamp(),
                            previous.getMetadata().getDeletionTimestamp()))
            .build();
    return new InformerEventSource<>(configuration, context);
  }

  @SuppressWarnings("unchecked")
  private <R extends HasMetadata> TrackingInformerEventSource<R> informer(
      Class<R> type, EventSourceContext<SecurityBaseline> context) {
    var configuration =
        InformerEventSourceConfiguration.from(type, SecurityBaseline.class)
            .withName(type.getSimpleName())
            .withSecondaryToPrimaryMapper(changed -> allBaselines());
    if (type == Secret.class) {
      configuration
          .withFieldSelector(
              new FieldSelector(new FieldSelector.Field("type", SERVICE_ACCOUNT_TOKEN)))
          .withItemStore((ItemStore<R>) new SecretMetadataStore());
    }
    return new TrackingInformerEventSource<>(configuration.build(), context, ledger);
  }

  private Set<ResourceID> allBaselines() {
    return context
        .getPrimaryCache()
        .list()
        .map(ResourceID::fromResource)
        .collect(Collectors.toSet());
  }

  /** Every baseline the operator knows. */
  List<SecurityBaseline> baselines() {
    return context.getPrimaryCache().list().toList();
  }

  /** A snapshot of every watched object, with Rempart's own recent writes overlaid. */
  Snapshot snapshot() {
    Snapshot.Builder builder = Snapshot.builder();
    Set<ObjectKey> seen = new HashSet<>();
    for (TrackingInformerEventSource<? extends HasMetadata> source : sources) {
      source
          .list(o -> true)
          .forEach(
              o -> {
                seen.add(ObjectKey.of(o));
                builder.add(ledger.freshest(o));
              });
    }
    for (HasMetadata pending : ledger.pending()) {
      if (!seen.contains(ObjectKey.of(pending))) {
        builder.add(pending);
      }
    }
    baselines().forEach(builder::add);
    return builder.build();
  }
}
