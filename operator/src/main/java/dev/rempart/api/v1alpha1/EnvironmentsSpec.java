package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;
import java.util.Map;

/**
 * Clause 4.3: production is separated from development and test. Every governed namespace names its
 * environment with the label {@code spec.environmentLabel}; namespaces of an isolated environment
 * accept traffic only from namespaces of the same environment and grant nothing to service accounts
 * of other environments; the pods of an environment with node selectors run only on its nodes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.isolated) || self.isolated.all(e, e in self.allowed)",
    message = "every isolated environment must be listed in allowed")
@ValidationRule(
    value = "!has(self.nodeSelectors) || self.nodeSelectors.all(e, e in self.allowed)",
    message = "every environment in nodeSelectors must be listed in allowed")
public class EnvironmentsSpec implements ControlSection {
  /** A label value, non-empty: what an environment name must be. */
  public static final String LABEL_VALUE = "^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$";

  @JsonPropertyDescription("Overrides spec.mode for this control.")
  private Mode mode;

  @JsonPropertyDescription(
      "The environments a governed namespace may belong to: the values allowed for the"
          + " environment label (production, staging, development, test, ...).")
  @Required
  @Size(min = 1, max = 32)
  private List<@Size(max = 63) @Pattern(LABEL_VALUE) String> allowed;

  @JsonPropertyDescription(
      "Environments whose namespaces accept ingress traffic only from namespaces of the same"
          + " environment. In Enforce, each of their namespaces gets the NetworkPolicy"
          + " rempart-environment-isolation: it selects every pod for Ingress (so pods are"
          + " isolated for ingress, which is the intent) and admits only namespaces that carry"
          + " the same environment label. Egress, and so DNS, is not affected.")
  @Size(max = 32)
  private List<@Size(max = 63) @Pattern(LABEL_VALUE) String> isolated;

  @JsonPropertyDescription(
      "Per environment, the node labels its pods must be pinned to (by nodeSelector or a"
          + " required node affinity), e.g. {production: {node-pool: production}}. Each"
          + " environment listed needs at least one label.")
  @Size(max = 32)
  @ValidationRule(
      value = "self.all(e, size(self[e]) > 0)",
      message = "every environment in nodeSelectors needs at least one node label")
  private Map<String, Map<String, String>> nodeSelectors;

  @Override
  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public List<String> getAllowed() {
    return allowed;
  }

  public void setAllowed(List<String> allowed) {
    this.allowed = allowed;
  }

  public List<String> getIsolated() {
    return isolated;
  }

  public void setIsolated(List<String> isolated) {
    this.isolated = isolated;
  }

  public Map<String, Map<String, String>> getNodeSelectors() {
    return nodeSelectors;
  }

  public void setNodeSelectors(Map<String, Map<String, String>> nodeSelectors) {
    this.nodeSelectors = nodeSelectors;
  }

  public List<String> effectiveAllowed() {
    return allowed == null ? List.of() : allowed;
  }

  public List<String> effectiveIsolated() {
    return isolated == null ? List.of() : isolated;
  }

  /** The node labels the pods of an environment must be pinned to; empty when none. */
  public Map<String, String> nodeSelectorFor(String environment) {
    if (nodeSelectors == null || environment == null) {
      return Map.of();
    }
    Map<String, String> labels = nodeSelectors.get(environment);
    return labels == null ? Map.of() : labels;
  }
}
