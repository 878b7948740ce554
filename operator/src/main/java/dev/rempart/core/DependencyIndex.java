package dev.rempart.core;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Which partitions read what, so that a change finds the partitions it can affect. */
final class DependencyIndex {
  private final Map<Dependencies.Key, Set<Partition>> readers = new HashMap<>();
  private final Map<Partition, Set<Dependencies.Key>> reads = new HashMap<>();

  /** Replaces what the partition reads. */
  void record(Partition partition, Set<Dependencies.Key> keys) {
    forget(partition);
    if (keys.isEmpty()) {
      return;
    }
    reads.put(partition, keys);
    for (Dependencies.Key key : keys) {
      readers.computeIfAbsent(key, k -> new HashSet<>()).add(partition);
    }
  }

  void forget(Partition partition) {
    Set<Dependencies.Key> old = reads.remove(partition);
    if (old == null) {
      return;
    }
    for (Dependencies.Key key : old) {
      Set<Partition> set = readers.get(key);
      if (set != null) {
        set.remove(partition);
        if (set.isEmpty()) {
          readers.remove(key);
        }
      }
    }
  }

  void clear() {
    readers.clear();
    reads.clear();
  }

  /** The partitions whose evaluation read the changed object. */
  Set<Partition> affectedBy(ObjectChange change) {
    Set<Partition> affected = new HashSet<>();
    addReaders(Dependencies.Key.all(change.type()), affected);
    if (change.namespace() != null) {
      addReaders(Dependencies.Key.inNamespace(change.type(), change.namespace()), affected);
    } else {
      addReaders(Dependencies.Key.named(change.type(), change.name()), affected);
    }
    return affected;
  }

  private void addReaders(Dependencies.Key key, Set<Partition> into) {
    Set<Partition> set = readers.get(key);
    if (set != null) {
      into.addAll(set);
    }
  }
}
