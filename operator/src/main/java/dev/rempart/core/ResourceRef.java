package dev.rempart.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;

/** Names one Kubernetes object; {@code namespace} is null for cluster-scoped objects. */
public record ResourceRef(String apiVersion, String kind, String namespace, String name)
    implements Comparable<ResourceRef> {

  private static final Comparator<ResourceRef> ORDER =
      Comparator.comparing((ResourceRef r) -> r.namespace == null ? "" : r.namespace)
          .thenComparing(ResourceRef::kind)
          .thenComparing(ResourceRef::name)
          .thenComparing(ResourceRef::apiVersion);

  public static ResourceRef of(HasMetadata object) {
    return new ResourceRef(
        object.getApiVersion(),
        object.getKind(),
        object.getMetadata().getNamespace(),
        object.getMetadata().getName());
  }

  public static ResourceRef namespace(String name) {
    return new ResourceRef("v1", "Namespace", null, name);
  }

  /** {@code Kind namespace/name}, or {@code Kind name} for cluster-scoped objects. */
  public String display() {
    return kind + " " + (namespace == null ? name : namespace + "/" + name);
  }

  @Override
  public int compareTo(ResourceRef other) {
    return ORDER.compare(this, other);
  }
}
