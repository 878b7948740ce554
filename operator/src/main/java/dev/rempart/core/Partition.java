package dev.rempart.core;

import java.util.Comparator;

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

  private static final Comparator<Partition> ORDER =
      Comparator.comparing(Partition::namespace, Comparator.nullsFirst(Comparator.naturalOrder()));

  public static Partition of(String namespace) {
    return namespace == null ? CLUSTER : new Partition(namespace);
  }

  public boolean isCluster() {
    return namespace == null;
  }

  /** The cluster first, then namespaces by name. */
  @Override
  public int compareTo(Partition other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return isCluster() ? "(cluster)" : namespace;
  }
}
