package dev.rempart.record;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Kubernetes object an entry is about.
 *
 * @param namespace null for a cluster-scoped object
 */
public record ObjectRef(String apiVersion, String kind, String namespace, String name) {
  public ObjectRef {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
  }

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("apiVersion", apiVersion);
    json.put("kind", kind);
    json.put("namespace", namespace);
    json.put("name", name);
    return json;
  }

  static ObjectRef fromJson(Map<?, ?> json) {
    return new ObjectRef(
        (String) json.get("apiVersion"),
        (String) json.get("kind"),
        (String) json.get("namespace"),
        (String) json.get("name"));
  }

  @Override
  public String toString() {
    return kind + " " + (namespace == null ? "" : namespace + "/") + name;
  }
}
