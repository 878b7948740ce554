package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A level of the Kubernetes Pod Security Standards that Rempart can require. {@code privileged} is
 * left out on purpose: it is the absence of a standard, not one a baseline can ask for.
 */
public enum PodSecurityLevel {
  /** Prevents known privilege escalations; admits the default pod. */
  @JsonProperty("baseline")
  BASELINE,
  /** Pod hardening best practice, at the cost of some compatibility. */
  @JsonProperty("restricted")
  RESTRICTED;

  /** The value of the {@code pod-security.kubernetes.io/enforce} label for this level. */
  public String label() {
    return this == BASELINE ? "baseline" : "restricted";
  }
}
