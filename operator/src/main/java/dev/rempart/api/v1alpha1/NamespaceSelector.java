package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;

/**
 * A standard Kubernetes label selector, declared here rather than reused from the Kubernetes model
 * so that its schema carries bounds and validation (the API server refuses CEL rules over unbounded
 * lists).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NamespaceSelector {
  @JsonPropertyDescription("Labels a namespace must carry, all of them, with these values.")
  @Size(max = 32)
  private Map<String, String> matchLabels;

  @JsonPropertyDescription("Requirements a namespace's labels must all meet.")
  @Size(max = 32)
  private List<SelectorRequirement> matchExpressions;

  public Map<String, String> getMatchLabels() {
    return matchLabels;
  }

  public void setMatchLabels(Map<String, String> matchLabels) {
    this.matchLabels = matchLabels;
  }

  public List<SelectorRequirement> getMatchExpressions() {
    return matchExpressions;
  }

  public void setMatchExpressions(List<SelectorRequirement> matchExpressions) {
    this.matchExpressions = matchExpressions;
  }

  /** The same selector in the Kubernetes model, for matching. */
  public LabelSelector toLabelSelector() {
    LabelSelector selector = new LabelSelector();
    selector.setMatchLabels(matchLabels);
    if (matchExpressions != null) {
      selector.setMatchExpressions(
          matchExpressions.stream()
              .map(
                  r ->
                      new LabelSelectorRequirement(
                          r.getKey(), r.getOperator().name(), r.getValues()))
              .toList());
    }
    return selector;
  }
}
