package dev.rempart.core;

import io.fabric8.kubernetes.api.model.Namespace;
import java.util.HashSet;
import java.util.Set;

/**
 * What the evaluation of one partition read outside its own namespace: every object of a type, the
 * objects of a type in another namespace, or a cluster-scoped object by name. A change to any of
 * them can change the partition's result, so it is evaluated again.
 */
public final class Dependencies implements Snapshot.Reads {
  private final Partition partition;
  private final Set<Key> keys = new HashSet<>();
  private long objectsRead;

  public Dependencies(Partition partition) {
    this.partition = partition;
  }

  /**
   * One thing a partition can depend on.
   *
   * @param type the Java type of the objects
   * @param namespace their namespace, or null
   * @param name the name of a cluster-scoped object, or null
   */
  public record Key(Class<?> type, String namespace, String name) {
    static Key all(Class<?> type) {
      return new Key(type, null, null);
    }

    static Key inNamespace(Class<?> type, String namespace) {
      return new Key(type, namespace, null);
    }

    static Key named(Class<?> type, String name) {
      return new Key(type, null, name);
    }
  }

  @Override
  public void all(Class<?> type) {
    keys.add(Key.all(type));
  }

  @Override
  public void inNamespace(Class<?> type, String namespace) {
    // The partition's own namespace is always a dependency: no need to index it.
    if (!namespace.equals(partition.namespace())) {
      keys.add(Key.inNamespace(type, namespace));
    }
  }

  @Override
  public void named(Class<?> type, String name) {
    if (!(type == Namespace.class && name.equals(partition.namespace()))) {
      keys.add(Key.named(type, name));
    }
  }

  @Override
  public void objects(int count) {
    objectsRead += count;
  }

  /** The keys read, beyond the partition's own namespace. */
  public Set<Key> keys() {
    return Set.copyOf(keys);
  }

  /** How many objects the evaluation was handed. */
  public long objectsRead() {
    return objectsRead;
  }
}
