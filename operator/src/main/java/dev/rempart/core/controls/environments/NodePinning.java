package dev.rempart.core.controls.environments;

import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Whether a pod spec can only be scheduled on nodes that carry given labels.
 *
 * <p>The scheduler requires both the {@code nodeSelector} and the required node affinity, so a
 * label is pinned when either pins it. The affinity's terms are alternatives: it pins a label only
 * when every term requires it, by an {@code In} expression whose values are exactly that label's
 * value. Preferred affinity and tolerations never pin anything.
 */
final class NodePinning {
  private NodePinning() {}

  /** The required labels the pod spec does not pin, in key order; empty when it is pinned. */
  static Map<String, String> unpinned(PodSpec spec, Map<String, String> required) {
    Map<String, String> missing = new TreeMap<>();
    for (Map.Entry<String, String> label : required.entrySet()) {
      if (!bySelector(spec, label.getKey(), label.getValue())
          && !byAffinity(spec, label.getKey(), label.getValue())) {
        missing.put(label.getKey(), label.getValue());
      }
    }
    return missing;
  }

  private static boolean bySelector(PodSpec spec, String key, String value) {
    return spec.getNodeSelector() != null && value.equals(spec.getNodeSelector().get(key));
  }

  private static boolean byAffinity(PodSpec spec, String key, String value) {
    if (spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null) {
      return false;
    }
    NodeSelector required =
        spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    if (required == null
        || required.getNodeSelectorTerms() == null
        || required.getNodeSelectorTerms().isEmpty()) {
      return false;
    }
    return required.getNodeSelectorTerms().stream().allMatch(term -> pins(term, key, value));
  }

  private static boolean pins(NodeSelectorTerm term, String key, String value) {
    List<NodeSelectorRequirement> expressions = term.getMatchExpressions();
    return expressions != null
        && expressions.stream()
            .anyMatch(
                e ->
                    key.equals(e.getKey())
                        && "In".equals(e.getOperator())
                        && e.getValues() != null
                        && !e.getValues().isEmpty()
                        && e.getValues().stream().allMatch(v -> Objects.equals(v, value)));
  }
}
