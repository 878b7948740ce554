package dev.rempart.operator;

import dev.rempart.core.ResourceRef;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** Identifies an object in the write ledger and the caches: its Java type, namespace and name. */
record LedgerKey(Class<?> type, String namespace, String name) {
  static LedgerKey of(HasMetadata object) {
    return new LedgerKey(
        object.getClass(), object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  ResourceRef ref(HasMetadata object) {
    return ResourceRef.of(object);
  }
}
