package dev.rempart.api.v1alpha1;

/** A direction of traffic, as in a NetworkPolicy's {@code policyTypes}. */
public enum PolicyDirection {
  Ingress,
  Egress
}
