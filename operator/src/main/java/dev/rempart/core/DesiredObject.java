package dev.rempart.core;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * An object a control wants to exist.
 *
 * @param control the control that wants it
 * @param object the object, with only the fields Rempart manages
 * @param enforced true when the control runs in Enforce and the object is to be applied
 * @param owned true when Rempart owns the whole object (a NetworkPolicy it made); false when it
 *     manages only some fields of an object someone else owns (labels on a Namespace)
 */
public record DesiredObject(String control, HasMetadata object, boolean enforced, boolean owned) {
  public ResourceRef ref() {
    return ResourceRef.of(object);
  }
}
