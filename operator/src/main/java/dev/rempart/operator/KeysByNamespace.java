package dev.rempart.operator;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A set of ledger keys filed by namespace, so that forgetting a deleted namespace touches that
 * namespace's keys only: with 10,000 namespaces, a scan of every key per deletion would make each
 * deletion cost as much as the cluster.
 */
final class KeysByNamespace {
  /** Cluster-scoped keys are filed under the empty name, which no namespace can have. */
  private static final String CLUSTER = "";

  private final Map<String, Set<LedgerKey>> keys = new ConcurrentHashMap<>();

  void add(LedgerKey key) {
    keys.computeIfAbsent(place(key), n -> ConcurrentHashMap.newKeySet()).add(key);
  }

  /** Removes the key; true when it was there. */
  boolean remove(LedgerKey key) {
    boolean[] removed = {false};
    keys.computeIfPresent(
        place(key),
        (n, here) -> {
          removed[0] = here.remove(key);
          return here.isEmpty() ? null : here;
        });
    return removed[0];
  }

  boolean contains(LedgerKey key) {
    Set<LedgerKey> here = keys.get(place(key));
    return here != null && here.contains(key);
  }

  void forgetNamespace(String namespace) {
    keys.remove(namespace);
  }

  int size() {
    return keys.values().stream().mapToInt(Set::size).sum();
  }

  private static String place(LedgerKey key) {
    return key.namespace() == null ? CLUSTER : key.namespace();
  }
}
