package dev.rempart.core.controls.vulnerabilities;

import dev.rempart.api.v1alpha1.FirstSeenEntry;
import dev.rempart.api.v1alpha1.VulnerabilityFirstSeen;
import dev.rempart.api.v1alpha1.VulnerabilityFirstSeenSpec;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The clocks of one VulnerabilityFirstSeen object, by key. Every namespace that runs an image of
 * the shard looks its clocks up, so an object is indexed once: the index is kept as long as the
 * object's spec (an informer keeps the same instance until the object changes).
 */
final class FirstSeenShard {
  // Keyed by the spec's identity (the class does not override equals): a changed object is a new
  // instance, indexed anew; the old index goes with the old instance.
  private static final Map<VulnerabilityFirstSeenSpec, Map<VulnerabilityKey, VulnerabilityClock>>
      INDEXES = Collections.synchronizedMap(new WeakHashMap<>());

  private FirstSeenShard() {}

  /** The clocks the object holds; entries that cannot be read are skipped. */
  static Map<VulnerabilityKey, VulnerabilityClock> clocks(VulnerabilityFirstSeen shard) {
    VulnerabilityFirstSeenSpec spec = shard.getSpec();
    if (spec == null || spec.getEntries() == null) {
      return Map.of();
    }
    return INDEXES.computeIfAbsent(spec, FirstSeenShard::index);
  }

  private static Map<VulnerabilityKey, VulnerabilityClock> index(VulnerabilityFirstSeenSpec spec) {
    Map<VulnerabilityKey, VulnerabilityClock> clocks = new HashMap<>();
    for (FirstSeenEntry entry : spec.getEntries()) {
      VulnerabilityKey key = VulnerabilityClock.keyOf(entry);
      VulnerabilityClock clock = key == null ? null : VulnerabilityClock.fromEntry(entry);
      if (clock != null) {
        clocks.put(key, clock);
      }
    }
    return Collections.unmodifiableMap(clocks);
  }
}
