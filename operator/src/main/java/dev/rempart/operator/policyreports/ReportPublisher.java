package dev.rempart.operator.policyreports;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.ManagedObjects;
import dev.rempart.core.policyreports.ReportContent;
import dev.rempart.operator.ServerSideApply;
import dev.rempart.operator.WritePriority;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
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

  private final KubernetesClient client;
  private final ServerSideApply applier;
  private final ReportSettings settings;
  private final Clock clock;
  private final ReportWriter writer;
  private final BooleanSupplier mayWrite;
  private final ReportApiProbe probe;
  private final ReportInventory inventory;
  private final ReportBuilds builds = new ReportBuilds(this::publish);
  private final AtomicInteger writes = new AtomicInteger();
  private final Set<String> publishedAll = ConcurrentHashMap.newKeySet();
  private final Map<ReportKey, ReportManifest> manifests = new ConcurrentHashMap<>();

  public ReportPublisher(KubernetesClient client, ReportSettings settings, Clock clock) {
    this(client, settings, clock, () -> true);
  }

  /**
   * @param mayWrite asked before each report write or removal: false once this instance no longer
   *     leads (fencing), and nothing is written
   */
  public ReportPublisher(
      KubernetesClient client, ReportSettings settings, Clock clock, BooleanSupplier mayWrite) {
    this(client, settings, clock, mayWrite, new WritePriority());
  }

  /**
   * @param mayWrite asked before each report write or removal: false once this instance no longer
   *     leads (fencing), and nothing is written
   * @param priority the operator's applies and repairs: a report write starts once none is queued
   *     or in flight (or after the priority's bounded wait)
   */
  public ReportPublisher(
      KubernetesClient client,
      ReportSettings settings,
      Clock clock,
      BooleanSupplier mayWrite,
      WritePriority priority) {
    this.client = client;
    this.applier = new ServerSideApply(client, ManagedObjects.FIELD_MANAGER);
    this.settings = settings;
    this.clock = clock;
    this.mayWrite = mayWrite;
    this.writer = new ReportWriter(settings.writers(), this::write, this::delete, priority);
    this.probe = new ReportApiProbe(client, settings.format(), clock);
    this.inventory = new ReportInventory(client, settings.format(), clock);
  }

  /** True unless reports are turned off (their CRD may still be missing). */
  public boolean enabled() {
    return settings.format() != ReportFormat.NONE;
  }

  /**
   * Why no report can be written now (turned off, or the report CRD not served), or null when they
   * can: the reconciler then builds none.
   */
  public ReportPublication unavailable() {
    if (settings.format() == ReportFormat.NONE) {
      return ReportPublication.disabled();
    }
    ReportApiProbe.Answer api = probe();
    if (!api.served()) {
      publishedAll.clear();
      return ReportPublication.crdMissing(settings.format(), api.crd());
    }
    if (api.justAppeared()) {
      publishedAll.clear();
    }
    return null;
  }

  /**
   * True once every report of the baseline was published since the report API became served: until
   * then a publication must cover them all, not only what changed.
   */
  public boolean publishedAll(String baseline) {
    return publishedAll.contains(baseline);
  }

  public ReportSettings settings() {
    return settings;
  }

  /** Every report write sent to the API server since the start (for tests and benchmarks). */
  public int writes() {
    return writes.get();
  }

  /**
   * Which reports a publication speaks for: those of some namespaces and perhaps the cluster's, or
   * every report of the baseline (a report it holds that is not among them is then removed).
   *
   * @param namespaces the namespaces whose reports were built
   * @param cluster whether the cluster report was built
   * @param complete true when the reports given are all the baseline's reports
   */
  public record Scope(Set<String> namespaces, boolean cluster, boolean complete) {
    public static final Scope ALL = new Scope(Set.of(), true, true);

    /** No report: the publication only says how the writes in flight fare. */
    public static final Scope NONE = new Scope(Set.of(), false, false);

    boolean covers(ReportKey key) {
      return complete || (key.clusterScoped() ? cluster : namespaces.contains(key.namespace()));
    }

    /** Both scopes: the reports either speaks for. */
    Scope and(Scope other) {
      if (complete || other.complete) {
        return ALL;
      }
      Set<String> both = new HashSet<>(namespaces);
      both.addAll(other.namespaces);
      return new Scope(Set.copyOf(both), cluster || other.cluster, false);
    }
  }

  /**
   * Brings a baseline's reports in line with an evaluation.
   *
   * @param reports what each report must say, from {@code PolicyReportBuilder}
   */
  public ReportPublication publish(SecurityBaseline baseline, List<ReportContent> reports) {
    return publish(baseline, reports, Scope.ALL);
  }

  /**
   * Brings some of a baseline's reports in line with an evaluation. The writes are made in the
   * background, a few at a time, so that the reconcile (and a repair behind it) never waits for
   * them; a report changed again before its write is written once, as it is last.
   *
   * @param reports what each report in scope must say, from {@code PolicyReportBuilder}
   * @param scope which reports they are
   */
  public ReportPublication publish(
      SecurityBaseline baseline, List<ReportContent> reports, Scope scope) {
    ReportFormat format = settings.format();
    ReportPublication unavailable = unavailable();
    if (unavailable != null) {
      return unavailable;
    }
    try {
      inventory.refresh();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
        probe.forget(); // the CRD may have gone: ask again at the next evaluation
      }
      LOG.warn("could not read the reports of {}: {}", baseline.getMetadata().getName(), reason(e));
      return ReportPublication.failed(format, reason(e));
    }
    ReportPublication publication = apply(baseline, reports, scope);
    if (scope.complete()) {
      publishedAll.add(baseline.getMetadata().getName());
    }
    return publication;
  }

  /**
   * Brings some of a baseline's reports in line with an evaluation, as {@link #publish(
   * SecurityBaseline, List, Scope)} does, with the reports built on a thread of their own: the
   * reconcile returns at once, and a repair queued behind it waits for no report.
   *
   * @param build makes the reports of a scope, from the evaluation's result
   * @param scope which reports to build
   */
  public ReportPublication publishLater(
      SecurityBaseline baseline, Function<Scope, List<ReportContent>> build, Scope scope) {
    ReportPublication unavailable = unavailable();
    if (unavailable != null) {
      return unavailable;
    }
    builds.submit(baseline, build, scope);
    return ReportPublication.building(settings.format());
  }

  /**
   * No report is built for now: the round's result is about to change (see {@code
   * IncrementalEvaluation.writesLeftToEvaluate}), and the reports follow at the round that puts it
   * together again.
   */
  public ReportPublication deferred() {
    return ReportPublication.deferred(settings.format());
  }

  /** Deletes every report of a deleted baseline (owner references do the same where a GC runs). */
  public void removeAll(String baseline) {
    if (settings.format() == ReportFormat.NONE || !probe().served()) {
      return;
    }
    try {
      builds.forget(baseline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // stopping: the reports stay for the next leader
      return;
    }
    for (ReportKey key : inventory.of(baseline)) {
      String error = delete(key);
      if (error != null) {
        LOG.warn("could not remove report {}", error);
      }
    }
  }

  private ReportApiProbe.Answer probe() {
    ReportApiProbe.Answer answer = probe.missingCrd();
    if (answer.justAppeared()) {
      inventory.invalidate(); // read what is there before writing
      LOG.info("the {} API is served: writing policy reports", settings.format().apiVersion());
    }
    return answer;
  }

  private ReportPublication apply(
      SecurityBaseline baseline, List<ReportContent> reports, Scope scope) {
    String name = baseline.getMetadata().getName();
    Map<String, Object> owner = ownerReference(baseline);
    Set<ReportKey> wanted = new HashSet<>();
    for (ReportContent content : reports) {
      ReportKey key = ReportManifest.keyOf(content, settings.format(), name);
      wanted.add(key);
      // The manifest (its body and hash) is made by the writer, off the reconcile.
      writer.write(key, name, () -> manifest(content, owner, name));
    }
    for (ReportKey stale : inventory.of(name)) {
      if (scope.covers(stale) && !wanted.contains(stale)) {
        writer.delete(stale, name);
      }
    }
    writer.retryFailed(name);
    String error = writer.takeError(name);
    if (error == null) {
      error = builds.takeFailure(name);
    }
    if (error != null) {
      return ReportPublication.failed(settings.format(), error);
    }
    if (builds.busy(name)) {
      return ReportPublication.building(settings.format());
    }
    int pending = writer.pending(name);
    if (pending > 0) {
      return ReportPublication.pending(settings.format(), pending);
    }
    List<ReportKey> held = inventory.of(name);
    int cluster = (int) held.stream().filter(ReportKey::clusterScoped).count();
    return ReportPublication.published(settings.format(), held.size() - cluster, cluster);
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

  /** Writes one report unless the cluster holds it already; returns why it failed, or null. */
  private String write(ReportManifest manifest) {
    ReportKey key = manifest.key();
    if (inventory.holds(key, manifest.contentHash())) {
      return null;
    }
    if (!mayWrite.getAsBoolean()) {
      return key.display() + ": not written, this instance no longer leads";
    }
    try {
      writes.incrementAndGet();
      Map<String, Object> body = manifest.body(clock.instant());
      // Applied at its address, the answer unread: the inventory needs only the content's hash,
      // which it has (fabric8's resource DSL converted the body to an object and back, and
      // decoded the whole report the API server sent back).
      applier.applyUnread(
          applier.address(
              key.format().apiVersion(),
              key.format().plural(key.clusterScoped()),
              key.clusterScoped() ? null : key.namespace(),
              key.name()),
          client.getKubernetesSerialization().asJson(body));
      inventory.written(key, manifest.baseline(), manifest.contentHash());
      return null;
    } catch (KubernetesClientException e) {
      inventory.gone(key);
      LOG.warn("could not write report {}: {}", key.display(), reason(e));
      return key.display() + ": " + reason(e);
    }
  }

  /** Removes one report; returns why it failed, or null. */
  private String delete(ReportKey key) {
    if (!mayWrite.getAsBoolean()) {
      return key.display() + ": not removed, this instance no longer leads";
    }
    try {
      var type = client.genericKubernetesResources(key.format().context(key.clusterScoped()));
      (key.clusterScoped()
              ? type.withName(key.name())
              : type.inNamespace(key.namespace()).withName(key.name()))
          .delete();
      inventory.gone(key);
      manifests.remove(key);
      return null;
    } catch (KubernetesClientException e) {
      return key.display() + ": " + reason(e);
    }
  }

  /** Stops the background writes. */
  public void close() {
    builds.close();
    writer.close();
  }

  /** The API server's own message when there is one: the exception's text repeats the request. */
  static String reason(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    // No answer from the API server (connection lost, interrupted at shutdown): fabric8's own
    // message only says which operation failed, the cause says why.
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.getMessage() : e.getMessage() + " (" + root + ")";
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
