package dev.rempart.operator;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.ObjectChange;
import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The operator's view of the cluster: one informer per type the controls read, read by the
 * evaluation core in place through {@link #snapshot()} (no copy of the caches), with Rempart's own
 * recent writes overlaid. Every change an informer reports is handed to the kept evaluations (see
 * {@link BaselineEvaluations}) and wakes the baselines; the echo of Rempart's own writes does
 * neither.
 */
final class ClusterView {
  private final Set<Class<? extends HasMetadata>> types;
  private final Set<Class<? extends HasMetadata>> unserved;
  private final WriteLedger ledger;
  private final Consumer<ObjectChange> changes;
  private final Map<Class<?>, CachedType<? extends HasMetadata>> caches = new HashMap<>();
  private EventSourceContext<SecurityBaseline> context;
  private InformerEventSource<SecurityBaseline, SecurityBaseline> baselineInformer;

  /**
   * @param unserved the types the API server does not serve (not watched, and known to be absent)
   */
  ClusterView(
      Set<Class<? extends HasMetadata>> types,
      Set<Class<? extends HasMetadata>> unserved,
      WriteLedger ledger,
      Consumer<ObjectChange> changes) {
    this.types = types;
    this.unserved = Set.copyOf(unserved);
    this.ledger = ledger;
    this.changes = changes;
  }

  /** Creates the informers; called once by the framework. */
  List<EventSource<?, SecurityBaseline>> eventSources(
      EventSourceContext<SecurityBaseline> context) {
    this.context = context;
    List<EventSource<?, SecurityBaseline>> created = new ArrayList<>();
    for (Class<? extends HasMetadata> type : types) {
      created.add(informer(type, context));
    }
    created.add(otherBaselines(context));
    return created;
  }

  /**
   * Baselines watch each other: one created, changed or deleted can start or end a conflict with
   * another. Status writes (no new generation) are ignored, so baselines never ping-pong, and are
   * not passed on as changes (see {@link BaselineChangeSource}).
   */
  private EventSource<?, SecurityBaseline> otherBaselines(
      EventSourceContext<SecurityBaseline> context) {
    var configuration =
        InformerEventSourceConfiguration.from(SecurityBaseline.class, SecurityBaseline.class)
            .withName("OtherSecurityBaselines")
            // No side effect here: the framework calls the mapper for every event, status
            // writes included, before any filter.
            .withSecondaryToPrimaryMapper(changed -> allBaselines())
            .withOnUpdateFilter((next, previous) -> BaselineChangeSource.matters(previous, next))
            .build();
    baselineInformer = new BaselineChangeSource(configuration, context, changes);
    return baselineInformer;
  }

  @SuppressWarnings("unchecked")
  private <R extends HasMetadata> TrackingInformerEventSource<R> informer(
      Class<R> type, EventSourceContext<SecurityBaseline> context) {
    var configuration =
        InformerEventSourceConfiguration.from(type, SecurityBaseline.class)
            .withName(type.getSimpleName())
            .withSecondaryToPrimaryMapper(changed -> allBaselines());
    IndexedItemStore<R> store;
    if (type == Secret.class) {
      // Every Secret, not only tokens: the data deletion lists an offboarded namespace's Secrets.
      store = (IndexedItemStore<R>) new SecretMetadataStore();
    } else {
      store = new LeanItemStore<>();
    }
    configuration.withItemStore(store);
    var source = new TrackingInformerEventSource<>(configuration.build(), context, ledger, changes);
    caches.put(type, cached(source, store));
    return source;
  }

  /** A type's cache: the informer's, with the store's index by namespace. */
  private static <R extends HasMetadata> CachedType<R> cached(
      TrackingInformerEventSource<R> source, IndexedItemStore<R> store) {
    return new CachedType<>() {
      @Override
      public List<R> all() {
        return source.list(o -> true).toList();
      }

      @Override
      public List<R> inNamespace(String namespace) {
        return store.inNamespace(namespace);
      }

      @Override
      public Optional<R> get(String namespace, String name) {
        return source.get(new ResourceID(name, namespace));
      }
    };
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

  /**
   * The baselines as the evaluation reads them: from the informer whose events report other
   * baselines' changes, so that a round started by such an event sees the change (the framework's
   * primary cache is another informer, which may not have it yet).
   */
  private List<SecurityBaseline> baselinesAsEvaluated() {
    return baselineInformer == null ? baselines() : baselineInformer.list(b -> true).toList();
  }

  /**
   * The informer caches as the evaluation core reads them, Rempart's own recent writes overlaid.
   */
  Snapshot snapshot() {
    return Snapshot.over(new InformerCaches(caches, this::baselinesAsEvaluated, ledger))
        .withUnserved(unserved);
  }
}
