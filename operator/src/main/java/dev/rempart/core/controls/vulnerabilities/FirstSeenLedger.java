package dev.rempart.core.controls.vulnerabilities;

import dev.rempart.api.trivy.Vulnerability;
import dev.rempart.api.trivy.VulnerabilityReport;
import dev.rempart.api.v1alpha1.FirstSeenEntry;
import dev.rempart.api.v1alpha1.VulnerabilityFirstSeen;
import dev.rempart.api.v1alpha1.VulnerabilityFirstSeenSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The first-seen store's next state, a pure function of its current objects, every
 * VulnerabilityReport in the cluster and the time: the operator persists what this returns (only
 * the leader writes), and reads it back through its informer as the control's input.
 *
 * <ul>
 *   <li>a vulnerability seen for the first time is first seen at the earliest scan that lists it
 *       (never later than now): Rempart knows it was there at least since then;
 *   <li>one in no report of its repository any more is closed now: its clock stops;
 *   <li>one that comes back (its earliest scan after it went) more than {@link
 *       VulnerabilityClock#REAPPEARANCE_GRACE} after it went opens a new period from that scan, the
 *       earlier ones remembered (each baseline's {@code reappearance} rule decides whether they
 *       count); within the grace, it never went;
 *   <li>one closed more than {@link VulnerabilityClock#RETENTION_AFTER_FIX} ago is forgotten;
 *   <li>a shard over {@link FirstSeenShards#MAX_ENTRIES} drops the entries closed longest ago, then
 *       the open ones seen last (the oldest clocks, the ones near or past their due date, are
 *       kept).
 * </ul>
 */
public final class FirstSeenLedger {
  private FirstSeenLedger() {}

  /**
   * The objects the store should hold: one per shard that has entries or exists now.
   *
   * @param dropped entries dropped because their shard was full (0 in any sane cluster)
   */
  public record Next(List<VulnerabilityFirstSeen> shards, int dropped) {}

  public static Next advance(
      Collection<VulnerabilityFirstSeen> current,
      Collection<VulnerabilityReport> reports,
      Instant now) {
    Map<VulnerabilityKey, VulnerabilityClock> clocks = new HashMap<>();
    List<String> existing = new ArrayList<>();
    for (VulnerabilityFirstSeen shard : current) {
      if (FirstSeenShards.isShardName(shard.getMetadata().getName())) {
        existing.add(shard.getMetadata().getName());
        clocks.putAll(FirstSeenShard.clocks(shard));
      }
    }
    Map<VulnerabilityKey, Instant> seen = observations(reports, now);
    Map<VulnerabilityKey, VulnerabilityClock> next = new HashMap<>();
    clocks.forEach(
        (key, clock) -> {
          Instant scanned = seen.get(key);
          VulnerabilityClock advanced =
              scanned != null ? clock.seenAgain(scanned) : clock.goneAt(now);
          if (!advanced.expired(now)) {
            next.put(key, advanced);
          }
        });
    seen.forEach((key, at) -> next.putIfAbsent(key, VulnerabilityClock.firstSeenAt(at)));
    return shards(next, existing);
  }

  /** Every vulnerability the reports list, with the earliest scan that lists it. */
  static Map<VulnerabilityKey, Instant> observations(
      Collection<VulnerabilityReport> reports, Instant now) {
    Map<VulnerabilityKey, Instant> seen = new HashMap<>();
    for (VulnerabilityReport report : reports) {
      String repository = ScannedImage.repository(report);
      if (repository == null || report.getReport().getVulnerabilities() == null) {
        continue;
      }
      Instant scanned = ScannedImage.scannedAt(report);
      Instant at = scanned == null || scanned.isAfter(now) ? now : scanned;
      for (Vulnerability v : report.getReport().getVulnerabilities()) {
        if (ScannedImage.blank(v.getVulnerabilityID())) {
          continue;
        }
        seen.merge(
            new VulnerabilityKey(repository, v.getVulnerabilityID(), v.getResource()),
            at,
            (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    return seen;
  }

  private static Next shards(
      Map<VulnerabilityKey, VulnerabilityClock> clocks, List<String> existing) {
    Map<String, List<Map.Entry<VulnerabilityKey, VulnerabilityClock>>> byShard = new TreeMap<>();
    existing.forEach(name -> byShard.put(name, new ArrayList<>()));
    for (Map.Entry<VulnerabilityKey, VulnerabilityClock> e : clocks.entrySet()) {
      byShard
          .computeIfAbsent(FirstSeenShards.nameFor(e.getKey().repository()), k -> new ArrayList<>())
          .add(e);
    }
    List<VulnerabilityFirstSeen> out = new ArrayList<>();
    int dropped = 0;
    for (Map.Entry<String, List<Map.Entry<VulnerabilityKey, VulnerabilityClock>>> shard :
        byShard.entrySet()) {
      List<Map.Entry<VulnerabilityKey, VulnerabilityClock>> entries = shard.getValue();
      if (entries.size() > FirstSeenShards.MAX_ENTRIES) {
        entries.sort(KEEP_FIRST);
        dropped += entries.size() - FirstSeenShards.MAX_ENTRIES;
        entries = new ArrayList<>(entries.subList(0, FirstSeenShards.MAX_ENTRIES));
      }
      entries.sort(Map.Entry.comparingByKey());
      List<FirstSeenEntry> written = new ArrayList<>(entries.size());
      entries.forEach(e -> written.add(e.getValue().toEntry(e.getKey())));
      out.add(shard(shard.getKey(), written));
    }
    return new Next(out, dropped);
  }

  /** Open clocks before closed ones; open: oldest first; closed: most recently closed first. */
  private static final Comparator<Map.Entry<VulnerabilityKey, VulnerabilityClock>> KEEP_FIRST =
      Comparator.comparing(
              (Map.Entry<VulnerabilityKey, VulnerabilityClock> e) -> !e.getValue().open())
          .thenComparingLong(
              e ->
                  e.getValue().open()
                      ? e.getValue().firstSeen().toEpochMilli()
                      : -e.getValue().closedAt().toEpochMilli())
          .thenComparing(Map.Entry::getKey);

  static VulnerabilityFirstSeen shard(String name, List<FirstSeenEntry> entries) {
    VulnerabilityFirstSeen shard = new VulnerabilityFirstSeen();
    shard.setMetadata(new ObjectMetaBuilder().withName(name).build());
    shard.setSpec(new VulnerabilityFirstSeenSpec(entries));
    return shard;
  }
}
