package dev.rempart.core.controls.podsecurity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.Map;
import java.util.Optional;

/** Test helpers: pod specs written as compact YAML, and a check's verdict as text. */
final class Pods {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Pods() {}

  /** A pod spec from (flow-style) YAML. */
  static PodSpec spec(String yaml) {
    try {
      // Read as YAML first: fabric8's own unmarshal takes a leading brace for JSON.
      Object tree = YAML.readValue(yaml, Object.class);
      return ManifestReader.kubernetesSerialization().convertValue(tree, PodSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a pod spec: " + yaml, e);
    }
  }

  /** The check's verdict on the spec: empty when it passes, else reason (detail). */
  static Optional<String> verdict(StandardCheck check, String specYaml) {
    return verdict(check, Map.of(), specYaml);
  }

  /** As {@link #verdict(StandardCheck, String)}, with pod annotations. */
  static Optional<String> verdict(
      StandardCheck check, Map<String, String> annotations, String specYaml) {
    ObjectMeta meta = new ObjectMeta();
    meta.setAnnotations(annotations);
    return check.evaluate(meta, spec(specYaml)).map(Violation::describe);
  }
}
