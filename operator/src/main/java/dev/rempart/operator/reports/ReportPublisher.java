package dev.rempart.operator.reports;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.ManagedObjects;
import dev.rempart.core.reports.ReportContent;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a baseline's policy reports with server-side apply, only those whose content changed: it
 * remembers the content hash of every report it knows in the cluster (read back from their
 * annotation when it starts or leads, and again every {@link #RELIST_INTERVAL}, so a report deleted
 * by hand comes back), and removes the reports of namespaces the baseline no longer governs. Writes
 * nothing when the report CRD is not installed and says so.
 */
public final class ReportPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(ReportPublisher.class);

  /** How often the reports in the cluster are listed again. */
  static final Duration RELIST_INTERVAL = Duration.ofMinutes(10);

  /** How long an answer to "is the report CRD installed?" holds. */
  static final Duration PROBE_INTERVAL = Duration.ofSeconds(30);

  private static final int PAGE = 250;

  private final KubernetesClient client;
  private final ReportSettings settings;
  private final Clock clock;
  private final ExecutorService pool;
  private final Map<ReportKey, Known> known = new ConcurrentHashMap<>();
  private final AtomicInteger writes = new AtomicInteger();
  private volatile Instant listedAt;
  private volatile Instant probedAt;
  private volatile String missingCrd;

  /** What the cluster holds of one report. */
  private record Known(String baseline, String hash) {}

  public ReportPublisher(
      KubernetesClient client, ReportSettings settings, Clock clock, ExecutorService pool) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.pool = pool;
  }

  public ReportSettings settings() {
    return settings;
  }

  /** Every report write sent to the API server since the start (for tests and benchmarks). */
  public int writes() {
    return writes.get();
  }

  /**
   * Brings a baseline's reports in line with an evaluation.
   *
   * @param reports what each report must say, from {@code ReportBuilder}
   */
  public ReportPublication publish(SecurityBaseline baseline, List<ReportContent> reports) {
    ReportFormat format = settings.format();
    if (format == ReportFormat.NONE) {
      return ReportPublication.disabled();
    }
    String missing = missingCrd();
    if (missing != null) {
      return ReportPublication.crdMissing(format, missing);
    }
    try {
      refreshKnown();
      return apply(baseline, reports);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        probedAt = null; // the CRD may have gone: ask again at the next evaluation
      }
      LOG.warn(
          "could not write the reports of {}: {}",
          baseline.getMetadata().getName(),
          e.getMessage());
      return ReportPublication.failed(format, e.getMessage());
    }
  }

  private ReportPublication apply(SecurityBaseline baseline, List<ReportContent> reports) {
    String name = baseline.getMetadata().getName();
    Instant now = clock.instant();
    Map<String, Object> owner = ownerReference(baseline);
    Set<ReportKey> wanted = new HashSet<>();
    List<ReportManifest> changed = new ArrayList<>();
    for (ReportContent content : reports) {
      ReportManifest manifest =
          ReportManifest.of(content, settings.format(), settings.maxResults(), owner, name, now);
      wanted.add(manifest.key());
      Known current = known.get(manifest.key());
      if (current == null || !current.hash().equals(manifest.contentHash())) {
        changed.add(manifest);
      }
    }
    List<ReportKey> stale =
        known.entrySet().stream()
            .filter(e -> e.getValue().baseline().equals(name))
            .map(Map.Entry::getKey)
            .filter(k -> k.format() == settings.format() && !wanted.contains(k))
            .toList();
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Void>> work = new ArrayList<>();
    changed.forEach(m -> work.add(CompletableFuture.runAsync(() -> write(m, errors), pool)));
    stale.forEach(k -> work.add(CompletableFuture.runAsync(() -> delete(k, errors), pool)));
    CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
    if (!errors.isEmpty()) {
      return ReportPublication.failed(settings.format(), errors.get(0));
    }
    long clusterReports = reports.stream().filter(ReportContent::clusterScoped).count();
    return ReportPublication.published(
        settings.format(), reports.size() - (int) clusterReports, (int) clusterReports);
  }

  private void write(ReportManifest manifest, List<String> errors) {
    ReportKey key = manifest.key();
    try {
      writes.incrementAndGet();
      // Through client.resource(...): patching withName(...) would first GET the report, which
      // the chart's RBAC does not grant.
      GenericKubernetesResource report =
          client
              .getKubernetesSerialization()
              .convertValue(manifest.body(), GenericKubernetesResource.class);
      client
          .resource(report)
          .patch(
              new PatchContext.Builder()
                  .withPatchType(PatchType.SERVER_SIDE_APPLY)
                  .withFieldManager(ManagedObjects.FIELD_MANAGER)
                  .withForce(true)
                  .build(),
              client.getKubernetesSerialization().asJson(manifest.body()));
      known.put(key, new Known(manifest.baseline(), manifest.contentHash()));
    } catch (KubernetesClientException e) {
      known.remove(key);
      errors.add(key.display() + ": " + reason(e));
    }
  }

  /** The API server's own message when there is one: the exception's text repeats the request. */
  static String reason(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : e.getMessage();
  }

  private void delete(ReportKey key, List<String> errors) {
    try {
      resource(key).delete();
      known.remove(key);
    } catch (KubernetesClientException e) {
      errors.add(key.display() + ": " + reason(e));
    }
  }

  /** Deletes every report of a deleted baseline (owner references do the same where a GC runs). */
  public void removeAll(String baseline) {
    if (settings.format() == ReportFormat.NONE || missingCrd() != null) {
      return;
    }
    List<String> errors = new ArrayList<>();
    known.entrySet().stream()
        .filter(e -> e.getValue().baseline().equals(baseline))
        .map(Map.Entry::getKey)
        .toList()
        .forEach(k -> delete(k, errors));
    errors.forEach(e -> LOG.warn("could not remove report {}", e));
  }

  private Resource<GenericKubernetesResource> resource(ReportKey key) {
    var type = client.genericKubernetesResources(key.format().context(key.clusterScoped()));
    return key.clusterScoped()
        ? type.withName(key.name())
        : type.inNamespace(key.namespace()).withName(key.name());
  }

  /**
   * Reads the content hash of every Rempart report in the cluster, at the first publication and
   * every {@link #RELIST_INTERVAL}: after a restart or a fail-over nothing unchanged is rewritten,
   * and a report someone deleted is noticed and written again.
   */
  private synchronized void refreshKnown() {
    Instant now = clock.instant();
    if (listedAt != null && now.isBefore(listedAt.plus(RELIST_INTERVAL))) {
      return;
    }
    Map<ReportKey, Known> found = new LinkedHashMap<>();
    ReportFormat format = settings.format();
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
          found.put(keyOf(report, format, clusterScoped), knownOf(report));
        }
        page = list.getMetadata().getContinue();
      } while (page != null && !page.isEmpty());
    }
    known.keySet().removeIf(k -> k.format() == format && !found.containsKey(k));
    known.putAll(found);
    listedAt = now;
  }

  private static ReportKey keyOf(HasMetadata report, ReportFormat format, boolean clusterScoped) {
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

  /**
   * The report CRD that is not installed, or null when both are: asked of the API server's
   * discovery (no RBAC needed) at most every {@link #PROBE_INTERVAL}.
   */
  private String missingCrd() {
    Instant now = clock.instant();
    if (probedAt != null && now.isBefore(probedAt.plus(PROBE_INTERVAL))) {
      return missingCrd;
    }
    ReportFormat format = settings.format();
    APIResourceList resources;
    try {
      resources = client.getApiResources(format.apiVersion());
    } catch (KubernetesClientException e) {
      resources = null;
    }
    Set<String> served = new HashSet<>();
    if (resources != null) {
      resources.getResources().stream().map(APIResource::getName).forEach(served::add);
    }
    String missing = null;
    for (boolean clusterScoped : new boolean[] {false, true}) {
      if (!served.contains(format.plural(clusterScoped)) && missing == null) {
        missing = format.crdName(clusterScoped);
      }
    }
    if (missing == null && missingCrd != null) {
      listedAt = null; // the CRD just appeared: read what is there before writing
      LOG.info("the {} API is served: writing policy reports", format.apiVersion());
    }
    missingCrd = missing;
    probedAt = now;
    return missing;
  }

  private static Map<String, Object> ownerReference(SecurityBaseline baseline) {
    Map<String, Object> owner = new LinkedHashMap<>();
    owner.put("apiVersion", baseline.getApiVersion());
    owner.put("kind", baseline.getKind());
    owner.put("name", baseline.getMetadata().getName());
    owner.put("uid", baseline.getMetadata().getUid());
    return owner;
  }
}
