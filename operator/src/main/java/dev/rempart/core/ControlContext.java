package dev.rempart.core;

import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Instant;
import java.util.List;

/**
 * What a control sees: the baseline, the mode it runs in, the namespaces where this baseline acts,
 * the snapshot and the time of the evaluation.
 */
public record ControlContext(
    SecurityBaseline baseline,
    Mode mode,
    List<Namespace> governedNamespaces,
    Snapshot snapshot,
    Instant now) {

  public String baselineName() {
    return baseline.getMetadata().getName();
  }
}
