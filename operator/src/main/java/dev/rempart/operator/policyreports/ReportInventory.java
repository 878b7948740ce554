package dev.rempart.operator.policyreports;

import dev.rempart.core.ManagedObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the cluster holds of Rempart's reports: their baseline and content hash, by place. Read from
 * the API server at the first use and every {@link #RELIST_INTERVAL} (after a restart or a change
 * of leader nothing unchanged is rewritten, and a report someone deleted is noticed), and kept up
 * to date with every write in between.
 */
final class ReportInventory {
  /** How often the reports in the cluster are listed again. */
  static final Duration RELIST_INTERVAL = Duration.ofMinutes(10);

  private static final int PAGE = 250;

  private final KubernetesClient client;
  private final ReportFormat format;
  private final Clock clock;
  private final Map<ReportKey, Known> known = new ConcurrentHashMap<>();
  private volatile Instant listedAt;

  /** What the cluster holds of one report. */
  record Known(String baseline, String hash) {}

  ReportInventory(KubernetesClient client, ReportFormat format, Clock clock) {
    this.client = client;
    this.format = format;
    this.clock = clock;
  }

  /** True when the report at {@code key} holds exactly this content. */
  boolean holds(ReportKey key, String hash) {
    Known current = known.get(key);
    return current != null && current.hash().equals(hash);
  }

  void written(ReportKey key, String baseline, String hash) {
    known.put(key, new Known(baseline, hash));
  }

  void gone(ReportKey key) {
    known.remove(key);
  }

  /** Every report of a baseline the cluster holds. */
  List<ReportKey> of(String baseline) {
    return known.entrySet().stream()
        .filter(e -> e.getValue().baseline().equals(baseline))
        .map(Map.Entry::getKey)
        .toList();
  }

  /** Reads the cluster's reports again at the next {@link #refresh()}. */
  void invalidate() {
    listedAt = null;
  }

  /** Lists the cluster's reports when never done or older than {@link #RELIST_INTERVAL}. */
  synchronized void refresh() {
    Instant now = clock.instant();
    if (listedAt != null && now.isBefore(listedAt.plus(RELIST_INTERVAL))) {
      return;
    }
    Map<ReportKey, Known> found = new LinkedHashMap<>();
    for (boolean clusterScoped : new boolean[] {false, true}) {
      String page = null;
      do {
        var type = client.genericKubernetesResources(format.context(clusterScoped));
        var options =
            new ListOptionsBuilder()
                .withLabelSelector(
                    ManagedObjects.MANAGED_BY_LABEL + "=" + ManagedObjects.MANAGED_BY_VALUE)
                .withLimit((long) PAGE)
                .withContinue(page)
                .build();
        GenericKubernetesResourceList list =
            clusterScoped ? type.list(options) : type.inAnyNamespace().list(options);
        for (GenericKubernetesResource report : list.getItems()) {
          found.put(keyOf(report, clusterScoped), knownOf(report));
        }
        page = list.getMetadata().getContinue();
      } while (page != null && !page.isEmpty());
    }
    known.keySet().removeIf(k -> !found.containsKey(k));
    known.putAll(found);
    listedAt = now;
  }

  private ReportKey keyOf(HasMetadata report, boolean clusterScoped) {
    return new ReportKey(
        format,
        clusterScoped,
        clusterScoped ? null : report.getMetadata().getNamespace(),
        report.getMetadata().getName());
  }

  private static Known knownOf(HasMetadata report) {
    Map<String, String> labels = report.getMetadata().getLabels();
    Map<String, String> annotations = report.getMetadata().getAnnotations();
    return new Known(
        labels == null ? "" : labels.getOrDefault(ManagedObjects.BASELINE_LABEL, ""),
        annotations == null ? "" : annotations.getOrDefault(ReportManifest.HASH_ANNOTATION, ""));
  }
}
