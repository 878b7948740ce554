package dev.rempart.core;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * An object that was created, changed or deleted, as the incremental evaluation needs to know it:
 * its type, namespace and name. What changed in it is read from the snapshot.
 *
 * @param type the object's Java type
 * @param namespace its namespace, or null when cluster-scoped
 * @param name its name
 */
public record ObjectChange(Class<?> type, String namespace, String name) {
  public static ObjectChange of(HasMetadata object) {
    return new ObjectChange(
        object.getClass(), object.getMetadata().getNamespace(), object.getMetadata().getName());
  }
}
