package dev.rempart.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/** One type's informer cache, as the evaluation reads it. */
interface CachedType<T extends HasMetadata> {
  /** Every object the cache holds. */
  List<T> all();

  /** The objects of one namespace, from the store's index (no scan of the cache). */
  List<T> inNamespace(String namespace);

  /** One object, by namespace (null: cluster-scoped) and name. */
  Optional<T> get(String namespace, String name);
}
