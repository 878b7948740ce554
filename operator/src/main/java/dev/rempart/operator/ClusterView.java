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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
  private final Map<Class<?>, TrackingInformerEventSource<? extends HasMetadata>> sources =
      new LinkedHashMap<>();
  private final Map<Class<?>, IndexedItemStore<? extends HasMetadata>> stores = new HashMap<>();
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
      TrackingInformerEventSource<? extends HasMetadata> source = informer(type, context);
      sources.put(type, source);
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
            .withSecondaryToPrimaryMapper(
                changed -> {
                  changes.accept(ObjectChange.of(changed));
                  return allBaselines();
                })
            .withOnUpdateFilter(
                (next, previous) ->
                    !Objects.equals(
                            next.getMetadata().getGeneration(),
                            previous.getMetadata().getGeneration())
                        || !Objects.equals(
                            next.getMetadata().getDeletionTimestamp(),
                            previous.getMetadata().getDeletionTimestamp()))
            .build();
    baselineInformer = new InformerEventSource<>(configuration, context);
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
    stores.put(type, store);
    return new TrackingInformerEventSource<>(configuration.build(), context, ledger, changes);
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
    return Snapshot.over(new Caches()).withUnserved(unserved);
  }

  /** Reads the informer caches in place. */
  private final class Caches implements Snapshot.Source {
    @Override
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> List<T> all(Class<T> type) {
      if (type == SecurityBaseline.class) {
        return (List<T>) baselinesAsEvaluated();
      }
      TrackingInformerEventSource<T> source = source(type);
      if (source == null) {
        return List.of();
      }
      return overlaid(type, null, source.list(o -> true).toList());
    }

    @Override
    public <T extends HasMetadata> List<T> inNamespace(Class<T> type, String namespace) {
      @SuppressWarnings("unchecked")
      IndexedItemStore<T> store = (IndexedItemStore<T>) stores.get(type);
      if (store == null) {
        return List.of();
      }
      return overlaid(type, namespace, store.inNamespace(namespace));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
      if (type == SecurityBaseline.class) {
        return (Optional<T>)
            baselinesAsEvaluated().stream()
                .filter(b -> b.getMetadata().getName().equals(name))
                .findFirst();
      }
      TrackingInformerEventSource<T> source = source(type);
      if (source == null) {
        return Optional.empty();
      }
      Optional<T> cached = source.get(new ResourceID(name, namespace));
      if (cached.isPresent()) {
        return Optional.of((T) ledger.freshest(cached.get()));
      }
      return Optional.ofNullable((T) ledger.pendingVersion(type, namespace, name));
    }

    @Override
    public Set<String> namespacesHolding(Class<? extends HasMetadata> type) {
      Set<String> namespaces = new HashSet<>();
      all(type).forEach(o -> namespaces.add(o.getMetadata().getNamespace()));
      namespaces.remove(null);
      return namespaces;
    }

    @Override
    public Set<Class<? extends HasMetadata>> types() {
      Set<Class<? extends HasMetadata>> all = new HashSet<>(types);
      all.add(SecurityBaseline.class);
      return all;
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> TrackingInformerEventSource<T> source(Class<T> type) {
      return (TrackingInformerEventSource<T>) sources.get(type);
    }

    /**
     * The cached objects with Rempart's newer versions in their place, and Rempart's writes the
     * cache does not hold yet added (in the namespace asked for, or anywhere when it is null).
     */
    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> List<T> overlaid(
        Class<T> type, String namespace, List<T> cached) {
      if (!ledger.hasPending()) {
        return cached;
      }
      Map<String, T> byName = new HashMap<>();
      List<T> out = new ArrayList<>(cached.size());
      for (T o : cached) {
        T freshest = (T) ledger.freshest(o);
        out.add(freshest);
        byName.put(o.getMetadata().getNamespace() + "/" + o.getMetadata().getName(), freshest);
      }
      Iterable<HasMetadata> pending =
          namespace == null ? ledger.pending() : ledger.pending(type, namespace);
      for (HasMetadata p : pending) {
        String ns = p.getMetadata().getNamespace();
        if (p.getClass() == type && !byName.containsKey(ns + "/" + p.getMetadata().getName())) {
          out.add((T) p);
        }
      }
      return out;
    }
  }
}
