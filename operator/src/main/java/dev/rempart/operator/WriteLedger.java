package dev.rempart.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Rempart wrote and its informer caches have not seen yet. Without it, a reconcile that runs
 * before the watch delivers Rempart's own write would see the object missing and apply it again. An
 * entry leaves the ledger as soon as the cache holds that version or newer, or the object is
 * deleted (so a deletion by someone else is never hidden).
 */
final class WriteLedger {
  private final Map<ObjectKey, HasMetadata> written = new ConcurrentHashMap<>();
  private final Map<ObjectKey, Boolean> everApplied = new ConcurrentHashMap<>();

  void recordApplied(HasMetadata object) {
    ObjectKey key = ObjectKey.of(object);
    written.put(key, object);
    everApplied.put(key, Boolean.TRUE);
  }

  void recordDeleted(HasMetadata object) {
    ObjectKey key = ObjectKey.of(object);
    written.remove(key);
    everApplied.remove(key);
  }

  /** True when this process applied the object at some point (so its absence is a deletion). */
  boolean wasApplied(HasMetadata object) {
    return everApplied.containsKey(ObjectKey.of(object));
  }

  /** The cache saw a version of the object: drop the entry if that version is ours or newer. */
  void observed(HasMetadata seen) {
    ObjectKey key = ObjectKey.of(seen);
    written.computeIfPresent(key, (k, ours) -> isAtLeast(seen, ours) ? null : ours);
  }

  /** The cache saw the object deleted. */
  void observedDeletion(HasMetadata gone) {
    written.remove(ObjectKey.of(gone));
  }

  /** The version to use for the object: ours if the cache is behind, else the cache's. */
  HasMetadata freshest(HasMetadata cached) {
    HasMetadata ours = written.get(ObjectKey.of(cached));
    return ours != null && !isAtLeast(cached, ours) ? ours : cached;
  }

  /** Objects we wrote that the cache does not hold at all yet. */
  Iterable<HasMetadata> pending() {
    return written.values();
  }

  private static boolean isAtLeast(HasMetadata seen, HasMetadata ours) {
    // etcd resource versions are revision numbers; the API treats them as opaque, so anything
    // unparsable counts as "the cache caught up".
    try {
      return Long.parseLong(seen.getMetadata().getResourceVersion())
          >= Long.parseLong(ours.getMetadata().getResourceVersion());
    } catch (NumberFormatException | NullPointerException e) {
      return true;
    }
  }
}
