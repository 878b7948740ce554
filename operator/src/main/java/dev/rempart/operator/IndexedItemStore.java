package dev.rempart.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An informer store that also files its objects by namespace. The framework's own lookup of a
 * namespace's objects scans (and copies) the whole cache: with thousands of namespaces, evaluating
 * one namespace would cost as much as the cluster. Every object the informer holds passes through
 * {@link #put} and {@link #remove} (the initial list, watch events and relists alike), so the index
 * is always the cache's.
 */
class IndexedItemStore<R extends HasMetadata> extends BasicItemStore<R> {
  private final Map<String, Map<String, R>> byNamespace = new ConcurrentHashMap<>();

  IndexedItemStore() {
    super(Cache::metaNamespaceKeyFunc);
  }

  @Override
  public R put(String key, R object) {
    R previous = super.put(key, object);
    String namespace = object.getMetadata().getNamespace();
    if (namespace != null) {
      byNamespace.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()).put(key, object);
    }
    return previous;
  }

  @Override
  public R remove(String key) {
    R removed = super.remove(key);
    if (removed != null && removed.getMetadata().getNamespace() != null) {
      byNamespace.computeIfPresent(
          removed.getMetadata().getNamespace(),
          (ns, objects) -> {
            objects.remove(key);
            return objects.isEmpty() ? null : objects;
          });
    }
    return removed;
  }

  /** The objects of one namespace, as the cache holds them now. */
  List<R> inNamespace(String namespace) {
    Map<String, R> objects = byNamespace.get(namespace);
    return objects == null ? List.of() : List.copyOf(objects.values());
  }
}
