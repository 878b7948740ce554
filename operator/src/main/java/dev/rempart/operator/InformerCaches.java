package dev.rempart.operator;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The informer caches read in place by the evaluation core, Rempart's own recent writes overlaid: a
 * write the watch has not delivered yet is read as written, so that a round running before the echo
 * does not see the object missing (or old) and write it again.
 */
final class InformerCaches implements Snapshot.Source {
  private final Map<Class<?>, CachedType<? extends HasMetadata>> caches;
  private final Supplier<List<SecurityBaseline>> baselines;
  private final WriteLedger ledger;

  /**
   * @param caches the watched types' caches
   * @param baselines the baselines as the evaluation is to read them
   */
  InformerCaches(
      Map<Class<?>, CachedType<? extends HasMetadata>> caches,
      Supplier<List<SecurityBaseline>> baselines,
      WriteLedger ledger) {
    this.caches = caches;
    this.baselines = baselines;
    this.ledger = ledger;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> List<T> all(Class<T> type) {
    if (type == SecurityBaseline.class) {
      return (List<T>) baselines.get();
    }
    CachedType<T> cache = cache(type);
    return cache == null ? List.of() : overlaid(type, null, cache.all());
  }

  @Override
  public <T extends HasMetadata> List<T> inNamespace(Class<T> type, String namespace) {
    CachedType<T> cache = cache(type);
    return cache == null ? List.of() : overlaid(type, namespace, cache.inNamespace(namespace));
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
    if (type == SecurityBaseline.class) {
      return (Optional<T>)
          baselines.get().stream().filter(b -> b.getMetadata().getName().equals(name)).findFirst();
    }
    CachedType<T> cache = cache(type);
    if (cache == null) {
      return Optional.empty();
    }
    Optional<T> cached = cache.get(namespace, name);
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
  @SuppressWarnings("unchecked")
  public Set<Class<? extends HasMetadata>> types() {
    Set<Class<? extends HasMetadata>> all = new HashSet<>();
    caches.keySet().forEach(type -> all.add((Class<? extends HasMetadata>) type));
    all.add(SecurityBaseline.class);
    return all;
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> CachedType<T> cache(Class<T> type) {
    return (CachedType<T>) caches.get(type);
  }

  /**
   * The cached objects with Rempart's newer versions in their place, and Rempart's writes the cache
   * does not hold yet added (in the namespace asked for, or anywhere when it is null).
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
