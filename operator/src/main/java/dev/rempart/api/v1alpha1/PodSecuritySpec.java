package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/**
 * Clause 4.5: every workload of a governed namespace meets a level of the Pod Security Standards
 * (as published for Kubernetes v1.35), uses immutable images, does not mount a service-account
 * token it does not ask for, and is not exposed on every node through a NodePort Service.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodSecuritySpec implements ControlSection {
  @JsonPropertyDescription("Overrides spec.mode for this control.")
  private Mode mode;

  @JsonPropertyDescription(
      "The Pod Security Standards level every Pod and pod template of a governed namespace must"
          + " meet: baseline or restricted (restricted includes baseline).")
  @Required
  private PodSecurityLevel level;

  @JsonPropertyDescription(
      "Label every governed namespace with pod-security.kubernetes.io/enforce=<level> and"
          + " pod-security.kubernetes.io/enforce-version=v1.35, so that the API server itself"
          + " rejects pods that break the level (default true). A namespace that already enforces a"
          + " stricter level, or a newer version, keeps it. In Audit, missing labels are only"
          + " reported; when false, Rempart neither sets nor checks these labels.")
  @Default("true")
  private Boolean labelNamespaces;

  @Override
  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public PodSecurityLevel getLevel() {
    return level;
  }

  public void setLevel(PodSecurityLevel level) {
    this.level = level;
  }

  public Boolean getLabelNamespaces() {
    return labelNamespaces;
  }

  public void setLabelNamespaces(Boolean labelNamespaces) {
    this.labelNamespaces = labelNamespaces;
  }

  /** Whether namespaces are labelled (and their labels checked), true when unset. */
  public boolean effectiveLabelNamespaces() {
    return labelNamespaces == null || labelNamespaces;
  }
}
