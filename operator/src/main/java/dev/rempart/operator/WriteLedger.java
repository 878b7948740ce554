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

  /** The same entries by type and namespace: a read of one namespace looks at its own only. */
  private final Map<Class<?>, Map<String, Map<LedgerKey, HasMetadata>>> byPlace =
      new ConcurrentHashMap<>();

  private final KeysByNamespace everApplied = new KeysByNamespace();
  private final KeysByNamespace deletedByUs = new KeysByNamespace();
  private final AtomicLong echoes = new AtomicLong();

  /**
   * Writes sent and not answered yet. The watch can deliver a write's event before the writer has
   * read the response that says which version it made: such an event waits here, and the answer
   * decides whether it was the echo or someone else's change.
   */
  private final Map<LedgerKey, InFlight> inFlight = new ConcurrentHashMap<>();

  /** A write in flight, and the latest event seen for its object meanwhile. */
  private static final class InFlight {
    private HasMetadata seen;
    private Runnable passOn;
    private boolean answered;
  }

  /**
   * Rempart is about to write the object; {@link #recordApplied} or {@link #writeFailed} follows.
   */
  void writing(HasMetadata object) {
    inFlight.put(LedgerKey.of(object), new InFlight());
  }

  /** The write of the object failed: an event held for it is passed on. */
  void writeFailed(HasMetadata object) {
    InFlight write = inFlight.remove(LedgerKey.of(object));
    if (write != null) {
      Runnable passOn;
      synchronized (write) {
        write.answered = true;
        passOn = write.seen == null ? null : write.passOn;
      }
      if (passOn != null) {
        passOn.run();
      }
    }
  }

  void recordApplied(HasMetadata object) {
    LedgerKey key = LedgerKey.of(object);
    written.put(key, object);
    place(key).put(key, object);
    everApplied.add(key);
    deletedByUs.remove(key);
    InFlight write = inFlight.remove(key);
    if (write == null) {
      return;
    }
    HasMetadata seen;
    Runnable passOn;
    synchronized (write) {
      write.answered = true;
      seen = write.seen;
      passOn = write.passOn;
    }
    // An event that came before the answer is judged now, as if it came after it.
    if (seen != null && !observed(seen)) {
      passOn.run();
    }
  }

  void recordDeleted(HasMetadata object) {
    LedgerKey key = LedgerKey.of(object);
    forget(key);
    everApplied.remove(key);
    deletedByUs.add(key);
  }

  /** True when this process applied the object at some point (so its absence is a deletion). */
  boolean wasApplied(HasMetadata object) {
    return everApplied.contains(LedgerKey.of(object));
  }

  /**
   * The cache saw a version of the object while Rempart may be writing it.
   *
   * @param passOn what to do with the event if it turns out not to be an echo, once the write in
   *     flight is answered
   * @return true when the event is not to be passed on now: the version Rempart wrote (an echo), or
   *     an event held until the write in flight is answered
   */
  boolean observed(HasMetadata seen, Runnable passOn) {
    InFlight write = inFlight.get(LedgerKey.of(seen));
    if (write != null) {
      synchronized (write) {
        if (!write.answered) {
          write.seen = seen;
          write.passOn = passOn;
          return true;
        }
      }
    }
    return observed(seen);
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
          if (isAtLeast(seen, ours)) {
            place(k).remove(k, ours);
            return null;
          }
          return ours;
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
    forget(key);
    boolean echo = deletedByUs.remove(key);
    if (echo) {
      echoes.incrementAndGet();
    }
    return echo;
  }

  /**
   * The namespace is gone: forget everything about its objects. Its objects were deleted with it by
   * the namespace controller, not by Rempart, so no deletion event cleared them; without this each
   * deleted namespace would leave its entries here for the life of the process (and a namespace
   * made again under the same name would see its first policies as restored drift). It costs what
   * the namespace holds, not what the ledger holds.
   */
  void forgetNamespace(String namespace) {
    everApplied.forgetNamespace(namespace);
    deletedByUs.forgetNamespace(namespace);
    for (Map<String, Map<LedgerKey, HasMetadata>> ofType : byPlace.values()) {
      Map<LedgerKey, HasMetadata> here = ofType.remove(namespace);
      if (here != null) {
        here.keySet().forEach(written::remove);
      }
    }
  }

  /** How many objects the ledger remembers anything about, and in how many places. */
  int remembered() {
    int places = byPlace.values().stream().mapToInt(Map::size).sum();
    return everApplied.size() + deletedByUs.size() + written.size() + places;
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

  /** Objects of a type we wrote in one namespace (null: cluster-scoped) the cache may not hold. */
  Iterable<HasMetadata> pending(Class<?> type, String namespace) {
    Map<String, Map<LedgerKey, HasMetadata>> ofType = byPlace.get(type);
    if (ofType == null) {
      return java.util.List.of();
    }
    Map<LedgerKey, HasMetadata> here = ofType.get(namespace == null ? "" : namespace);
    return here == null ? java.util.List.of() : here.values();
  }

  /** Our written version of one object, if the cache may not hold it yet. */
  HasMetadata pendingVersion(Class<?> type, String namespace, String name) {
    return written.get(new LedgerKey(type, namespace, name));
  }

  private Map<LedgerKey, HasMetadata> place(LedgerKey key) {
    return byPlace
        .computeIfAbsent(key.type(), t -> new ConcurrentHashMap<>())
        .computeIfAbsent(
            key.namespace() == null ? "" : key.namespace(), n -> new ConcurrentHashMap<>());
  }

  private void forget(LedgerKey key) {
    HasMetadata removed = written.remove(key);
    if (removed != null) {
      place(key).remove(key);
    }
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
