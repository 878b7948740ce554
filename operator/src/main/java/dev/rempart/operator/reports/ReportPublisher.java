package dev.rempart.operator.reports;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.ManagedObjects;
import dev.rempart.core.reports.ReportContent;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Clock;
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
 * Writes a baseline's policy reports with server-side apply, only those whose content changed
 * (compared with what the {@link ReportInventory} knows the cluster holds), and removes the reports
 * of namespaces the baseline no longer governs. Writes nothing while the report CRD is not
 * installed ({@link ReportApiProbe}) and says so.
 */
public final class ReportPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(ReportPublisher.class);

  private static final PatchContext APPLY =
      new PatchContext.Builder()
          .withPatchType(PatchType.SERVER_SIDE_APPLY)
          .withFieldManager(ManagedObjects.FIELD_MANAGER)
          .withForce(true)
          .build();

  private final KubernetesClient client;
  private final ReportSettings settings;
  private final Clock clock;
  private final ExecutorService pool;
  private final ReportApiProbe probe;
  private final ReportInventory inventory;
  private final AtomicInteger writes = new AtomicInteger();
  private final Map<ReportKey, ReportManifest> manifests = new ConcurrentHashMap<>();

  public ReportPublisher(
      KubernetesClient client, ReportSettings settings, Clock clock, ExecutorService pool) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.pool = pool;
    this.probe = new ReportApiProbe(client, settings.format(), clock);
    this.inventory = new ReportInventory(client, settings.format(), clock);
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
    ReportApiProbe.Answer api = probe();
    if (!api.served()) {
      return ReportPublication.crdMissing(format, api.crd());
    }
    try {
      inventory.refresh();
      return apply(baseline, reports);
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        probe.forget(); // the CRD may have gone: ask again at the next evaluation
      }
      LOG.warn(
          "could not write the reports of {}: {}", baseline.getMetadata().getName(), reason(e));
      return ReportPublication.failed(format, reason(e));
    }
  }

  /** Deletes every report of a deleted baseline (owner references do the same where a GC runs). */
  public void removeAll(String baseline) {
    if (settings.format() == ReportFormat.NONE || !probe().served()) {
      return;
    }
    List<String> errors = new ArrayList<>();
    inventory.of(baseline).forEach(key -> delete(key, errors));
    errors.forEach(e -> LOG.warn("could not remove report {}", e));
  }

  private ReportApiProbe.Answer probe() {
    ReportApiProbe.Answer answer = probe.missingCrd();
    if (answer.justAppeared()) {
      inventory.invalidate(); // read what is there before writing
      LOG.info("the {} API is served: writing policy reports", settings.format().apiVersion());
    }
    return answer;
  }

  private ReportPublication apply(SecurityBaseline baseline, List<ReportContent> reports) {
    String name = baseline.getMetadata().getName();
    Instant now = clock.instant();
    Map<String, Object> owner = ownerReference(baseline);
    Set<ReportKey> wanted = new HashSet<>();
    List<ReportManifest> changed = new ArrayList<>();
    for (ReportContent content : reports) {
      ReportManifest manifest = manifest(content, owner, name);
      wanted.add(manifest.key());
      if (!inventory.holds(manifest.key(), manifest.contentHash())) {
        changed.add(manifest);
      }
    }
    List<ReportKey> stale = inventory.of(name).stream().filter(k -> !wanted.contains(k)).toList();
    int budget = settings.writesPerEvaluation();
    List<ReportManifest> toWrite = changed.subList(0, Math.min(budget, changed.size()));
    List<ReportKey> toDelete = stale.subList(0, Math.min(budget - toWrite.size(), stale.size()));
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    List<CompletableFuture<Void>> work = new ArrayList<>();
    toWrite.forEach(m -> work.add(CompletableFuture.runAsync(() -> write(m, now, errors), pool)));
    toDelete.forEach(k -> work.add(CompletableFuture.runAsync(() -> delete(k, errors), pool)));
    CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
    if (!errors.isEmpty()) {
      return ReportPublication.failed(settings.format(), errors.get(0));
    }
    int total = changed.size() + stale.size();
    int done = toWrite.size() + toDelete.size();
    if (done < total) {
      return ReportPublication.pending(settings.format(), total - done, total);
    }
    int cluster = (int) reports.stream().filter(ReportContent::clusterScoped).count();
    return ReportPublication.published(settings.format(), reports.size() - cluster, cluster);
  }

  /**
   * The manifest for a report's content: the last one made for this place when it says the same (an
   * unchanged report costs an equality check, not a hash, on every evaluation), else a new one.
   */
  private ReportManifest manifest(ReportContent content, Map<String, Object> owner, String name) {
    ReportKey key = ReportManifest.keyOf(content, settings.format(), name);
    ReportManifest last = manifests.get(key);
    if (last != null && last.says(content, owner)) {
      return last;
    }
    ReportManifest manifest =
        ReportManifest.of(content, settings.format(), settings.maxResults(), owner, name);
    manifests.put(key, manifest);
    return manifest;
  }

  private void write(ReportManifest manifest, Instant at, List<String> errors) {
    ReportKey key = manifest.key();
    try {
      writes.incrementAndGet();
      Map<String, Object> body = manifest.body(at);
      // Through client.resource(...): patching withName(...) would first GET the report, which
      // the chart's RBAC does not grant.
      GenericKubernetesResource report =
          client.getKubernetesSerialization().convertValue(body, GenericKubernetesResource.class);
      client.resource(report).patch(APPLY, client.getKubernetesSerialization().asJson(body));
      inventory.written(key, manifest.baseline(), manifest.contentHash());
    } catch (KubernetesClientException e) {
      inventory.gone(key);
      errors.add(key.display() + ": " + reason(e));
    }
  }

  private void delete(ReportKey key, List<String> errors) {
    try {
      var type = client.genericKubernetesResources(key.format().context(key.clusterScoped()));
      (key.clusterScoped()
              ? type.withName(key.name())
              : type.inNamespace(key.namespace()).withName(key.name()))
          .delete();
      inventory.gone(key);
      manifests.remove(key);
    } catch (KubernetesClientException e) {
      errors.add(key.display() + ": " + reason(e));
    }
  }

  /** The API server's own message when there is one: the exception's text repeats the request. */
  static String reason(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : e.getMessage();
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
