package dev.rempart.operator;

import dev.rempart.core.ManagedObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An informer store that keeps only what the controls read: it drops the managed-fields bookkeeping
 * and the {@code kubectl.kubernetes.io/last-applied-configuration} annotation (often the largest
 * part of an object, and a second copy of it) before anything else sees the object. Rempart's own
 * objects keep their managed fields: a drift report names the field manager that changed them.
 */
final class LeanItemStore<R extends HasMetadata> extends IndexedItemStore<R> {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  @Override
  public R put(String key, R object) {
    return super.put(key, lean(object));
  }

  static <R extends HasMetadata> R lean(R object) {
    ObjectMeta meta = object.getMetadata();
    if (meta == null) {
      return object;
    }
    if (!ManagedObjects.isManaged(object)) {
      meta.setManagedFields(null);
    }
    Map<String, String> annotations = meta.getAnnotations();
    if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
      Map<String, String> kept = new LinkedHashMap<>(annotations);
      kept.remove(LAST_APPLIED);
      meta.setAnnotations(kept);
    }
    return object;
  }
}
