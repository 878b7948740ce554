package dev.rempart.core.controls.podsecurity;

import dev.rempart.io.ManifestReader;

/** Renders a model object back to YAML, to make an independent copy in tests. */
final class ManifestText {
  private ManifestText() {}

  static String of(Object object) {
    return ManifestReader.kubernetesSerialization().asYaml(object);
  }
}
