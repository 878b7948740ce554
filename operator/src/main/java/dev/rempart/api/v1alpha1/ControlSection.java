package dev.rempart.api.v1alpha1;

/** A control's section of the spec: each may override the baseline's mode. */
public interface ControlSection {
  /** The section's own mode, or null to follow {@code spec.mode}. */
  Mode getMode();

  /** The mode this control runs in under the given baseline mode. */
  default Mode effectiveMode(Mode baselineMode) {
    return getMode() == null ? baselineMode : getMode();
  }
}
