package dev.rempart.core.controls.environments;

import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Map;

/**
 * Which environment each namespace of the cluster belongs to, as its environment label says. Reads
 * every Namespace of the snapshot, not only the governed ones: a subject or a peer may live in a
 * namespace this baseline does not govern.
 */
final class Environments {
  private final String label;
  private final Snapshot snapshot;

  Environments(String label, Snapshot snapshot) {
    this.label = label;
    this.snapshot = snapshot;
  }

  /** The label that names a namespace's environment. */
  String label() {
    return label;
  }

  /** The environment of a namespace object, or null when it has no environment label. */
  String of(Namespace ns) {
    Map<String, String> labels = ns.getMetadata().getLabels();
    return labels == null ? null : labels.get(label);
  }

  /**
   * The environment of the named namespace, or null when it is unlabelled or not in the snapshot.
   */
  String of(String namespace) {
    return snapshot.find(Namespace.class, null, namespace).map(this::of).orElse(null);
  }

  /** {@code production}, or a phrase saying why there is none, for messages. */
  String describe(String namespace) {
    if (snapshot.find(Namespace.class, null, namespace).isEmpty()) {
      return "not visible to Rempart, so of no known environment";
    }
    String env = of(namespace);
    return env == null ? "without the " + label + " label" : "of environment " + env;
  }
}
