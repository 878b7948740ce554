package dev.rempart.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What Rempart wrote and its informer caches have not seen yet. Without it, a reconcile that runs
 * before the watch delivers Rempart's own write would see the object missing and apply it again. An
 * entry leaves the ledger as soon as the cache holds that version or newer, or the object is
 * deleted (so a deletion by someone else is never hidden).
 *
 * <p>It also recognises the echo of Rempart's own writes: the watch event that carries exactly the
 * version Rempart wrote, or the deletion Rempart made. An echo changes nothing the evaluation does
 * not already know, so it starts no evaluation.
 */
final class WriteLedger {
  private final Map<LedgerKey, HasMetadata> written = new ConcurrentHashMap<>();
  private final Map<LedgerKey, Boolean> everApplied = new ConcurrentHashMap<>();
  private final Map<LedgerKey, Boolean> deletedByUs = new ConcurrentHashMap<>();
  private final AtomicLong echoes = new AtomicLong();

  void recordApplied(HasMetadata object) {
    LedgerKey key = LedgerKey.of(object);
    written.put(key, object);
    everApplied.put(key, Boolean.TRUE);
    deletedByUs.remove(key);
  }

  void recordDeleted(HasMetadata object) {
    LedgerKey key = LedgerKey.of(object);
    written.remove(key);
    everApplied.remove(key);
    deletedByUs.put(key, Boolean.TRUE);
  }

  /** True when this process applied the object at some point (so its absence is a deletion). */
  boolean wasApplied(HasMetadata object) {
    return everApplied.containsKey(LedgerKey.of(object));
  }

  /**
   * The cache saw a version of the object: drop the entry if that version is ours or newer.
   *
   * @return true when the version seen is exactly the one Rempart wrote (an echo)
   */
  boolean observed(HasMetadata seen) {
    LedgerKey key = LedgerKey.of(seen);
    boolean[] echo = {false};
    written.computeIfPresent(
        key,
        (k, ours) -> {
          echo[0] = sameVersion(seen, ours);
          return isAtLeast(seen, ours) ? null : ours;
        });
    if (echo[0]) {
      echoes.incrementAndGet();
    }
    return echo[0];
  }

  /**
   * The cache saw the object deleted.
   *
   * @return true when Rempart deleted it itself (an echo)
   */
  boolean observedDeletion(HasMetadata gone) {
    LedgerKey key = LedgerKey.of(gone);
    written.remove(key);
    boolean echo = deletedByUs.remove(key) != null;
    if (echo) {
      echoes.incrementAndGet();
    }
    return echo;
  }

  /** How many watch events were Rempart's own writes coming back. */
  long echoes() {
    return echoes.get();
  }

  /** The version to use for the object: ours if the cache is behind, else the cache's. */
  HasMetadata freshest(HasMetadata cached) {
    if (written.isEmpty()) {
      return cached;
    }
    HasMetadata ours = written.get(LedgerKey.of(cached));
    return ours != null && !isAtLeast(cached, ours) ? ours : cached;
  }

  /** Objects we wrote that the cache may not hold yet. */
  Iterable<HasMetadata> pending() {
    return written.values();
  }

  boolean hasPending() {
    return !written.isEmpty();
  }

  private static boolean sameVersion(HasMetadata seen, HasMetadata ours) {
    String a = seen.getMetadata().getResourceVersion();
    return a != null && a.equals(ours.getMetadata().getResourceVersion());
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
