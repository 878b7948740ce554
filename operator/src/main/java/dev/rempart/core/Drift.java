package dev.rempart.core;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A desired object that the cluster does not hold as desired.
 *
 * @param desired what should be there
 * @param state whether it is missing or was changed
 * @param actual what is there instead, or null when missing
 */
public record Drift(DesiredObject desired, State state, HasMetadata actual) {
  /** How the cluster differs from the desired object. */
  public enum State {
    MISSING,
    MODIFIED
  }
}
