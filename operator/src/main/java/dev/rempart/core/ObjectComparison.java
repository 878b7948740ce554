package dev.rempart.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Iterator;
import java.util.Map;

/**
 * Decides whether the object in the cluster still holds what Rempart manages of it.
 *
 * <p>Labels and annotations are compared as a subset: other writers may add their own. For an
 * object Rempart owns, everything outside {@code metadata} and {@code status} must be equal, so
 * that a rule someone adds to a managed policy counts as drift. For an object Rempart only labels,
 * the desired fields must be present with the same values.
 */
public final class ObjectComparison {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ObjectComparison() {}

  public static boolean holds(DesiredObject desired, HasMetadata actual) {
    ObjectNode want = MAPPER.valueToTree(desired.object());
    ObjectNode have = MAPPER.valueToTree(actual);
    if (!subset(want.path("metadata").path("labels"), have.path("metadata").path("labels"))
        || !subset(
            want.path("metadata").path("annotations"), have.path("metadata").path("annotations"))) {
      return false;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      if (name.equals("metadata")
          || name.equals("status")
          || name.equals("apiVersion")
          || name.equals("kind")) {
        continue;
      }
      JsonNode wanted = normalize(field.getValue());
      JsonNode present = normalize(have.get(name));
      boolean same = desired.owned() ? wanted.equals(present) : subset(wanted, present);
      if (!same) {
        return false;
      }
    }
    return true;
  }

  /** True when every field of {@code want} is in {@code have} with the same value. */
  static boolean subset(JsonNode want, JsonNode have) {
    if (want == null || want.isMissingNode() || want.isNull()) {
      return true;
    }
    if (want.isObject()) {
      if (!have.isObject()) {
        return want.isEmpty();
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!subset(field.getValue(), have.path(field.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (want.isArray()) {
      if (!have.isArray() || have.size() != want.size()) {
        return want.isEmpty() && (have.isMissingNode() || have.isNull() || have.isEmpty());
      }
      for (int i = 0; i < want.size(); i++) {
        if (!subset(want.get(i), have.get(i))) {
          return false;
        }
      }
      return true;
    }
    return want.equals(have);
  }

  /** Drops nulls and empty containers, which the API server and fabric8 treat as absent. */
  static JsonNode normalize(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return MAPPER.createObjectNode();
    }
    if (node.isObject()) {
      ObjectNode copy = MAPPER.createObjectNode();
      node.fields()
          .forEachRemaining(
              e -> {
                JsonNode v = normalize(e.getValue());
                if (!(v.isContainerNode() && v.isEmpty()) || isSelector(e.getKey())) {
                  copy.set(e.getKey(), v);
                }
              });
      return copy;
    }
    if (node.isArray()) {
      var copy = MAPPER.createArrayNode();
      node.forEach(v -> copy.add(normalize(v)));
      return copy;
    }
    return node;
  }

  // An empty selector ({}) means "everything" and must not vanish in normalisation.
  private static boolean isSelector(String field) {
    return field.endsWith("Selector");
  }
}
