package dev.rempart.it;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.UUID;

/** Small builders shared by the integration tests. */
public final class Fixtures {
  private Fixtures() {}

  /** A name no other test uses: namespaces never finish terminating on this control plane. */
  public static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public static Namespace namespace(
      KubernetesClient client, String name, Map<String, String> labels) {
    return client
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
  }

  /** Parses a SecurityBaseline from YAML. */
  public static SecurityBaseline baseline(String yaml) {
    return (SecurityBaseline) ManifestReader.parse(yaml).get(0);
  }

  /** The condition of the given type in the baseline's status, or null. */
  public static Condition condition(SecurityBaseline baseline, String type) {
    if (baseline == null || baseline.getStatus() == null) {
      return null;
    }
    return baseline.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }

  /** True when the baseline's condition has the given status for its current generation. */
  public static boolean hasCondition(SecurityBaseline baseline, String type, String status) {
    Condition c = condition(baseline, type);
    return c != null
        && status.equals(c.getStatus())
        && baseline.getStatus().getObservedGeneration() != null
        && baseline
            .getStatus()
            .getObservedGeneration()
            .equals(baseline.getMetadata().getGeneration());
  }
}
