package dev.rempart.operator;

import dev.rempart.core.ResourceRef;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** Identifies an object across snapshots: its Java type, namespace and name. */
record ObjectKey(Class<?> type, String namespace, String name) {
  static ObjectKey of(HasMetadata object) {
    return new ObjectKey(
        object.getClass(), object.getMetadata().getNamespace(), object.getMetadata().getName());
  }

  ResourceRef ref(HasMetadata object) {
    return ResourceRef.of(object);
  }
}
