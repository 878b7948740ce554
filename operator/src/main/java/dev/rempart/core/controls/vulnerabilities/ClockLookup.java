package dev.rempart.core.controls.vulnerabilities;

import dev.rempart.api.v1alpha1.VulnerabilityFirstSeen;
import dev.rempart.core.Snapshot;
import java.util.HashMap;
import java.util.Map;

/**
 * Finds a vulnerability's clock in the first-seen store, reading each shard once per evaluation.
 * Each shard is read by name, so the namespace depends on the shards of its images only.
 */
final class ClockLookup {
  private final Snapshot snapshot;
  private final Map<String, Map<VulnerabilityKey, VulnerabilityClock>> shards = new HashMap<>();

  ClockLookup(Snapshot snapshot) {
    this.snapshot = snapshot;
  }

  /** The stored clock, or null when the store has none for the key. */
  VulnerabilityClock clock(VulnerabilityKey key) {
    String shard = FirstSeenShards.nameFor(key.repository());
    return shards.computeIfAbsent(shard, this::read).get(key);
  }

  private Map<VulnerabilityKey, VulnerabilityClock> read(String name) {
    return snapshot
        .find(VulnerabilityFirstSeen.class, null, name)
        .map(FirstSeenShard::clocks)
        .orElse(Map.of());
  }
}
