package dev.rempart.core;

/**
 * A part of a baseline's evaluation that is computed on its own: one namespace, or the cluster
 * (what belongs to no one governed namespace). A change in one namespace re-evaluates its partition
 * only, and those whose evaluation read what changed.
 *
 * @param namespace the namespace, or null for the cluster partition
 */
public record Partition(String namespace) implements Comparable<Partition> {
  /** The cluster partition: cluster-scoped objects, and objects read wherever they are. */
  public static final Partition CLUSTER = new Partition(null);

  public static Partition of(String namespace) {
    return namespace == null ? CLUSTER : new Partition(namespace);
  }

  public boolean isCluster() {
    return namespace == null;
  }

  /** The cluster first, then namespaces by name. */
  @Override
  public int compareTo(Partition other) {
    // Written out: every result put together sorts the cluster's partitions by it.
    if (namespace == null || other.namespace == null) {
      return namespace == null ? (other.namespace == null ? 0 : -1) : 1;
    }
    return namespace.compareTo(other.namespace);
  }

  @Override
  public String toString() {
    return isCluster() ? "(cluster)" : namespace;
  }
}
