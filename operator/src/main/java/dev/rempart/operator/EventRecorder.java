package dev.rempart.operator;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Events on a baseline or an exception (any cluster-scoped object of Rempart's). The same
 * event repeated (same reason, message and object) forms one series whose count grows, written at
 * most once per {@link #MIN_WRITE_INTERVAL}: a policy deleted and restored a thousand times yields
 * one Event with a count, not a thousand.
 */
final class EventRecorder implements AutoCloseable {
  static final String NORMAL = "Normal";
  static final String WARNING = "Warning";
  static final Duration MIN_WRITE_INTERVAL = Duration.ofSeconds(5);
  static final Duration SERIES_LIFETIME = Duration.ofMinutes(10);
  private static final int MAX_SERIES = 4096;
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;
  private final BooleanSupplier mayWrite;
  private final ScheduledExecutorService flusher =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "rempart-events");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, Series> series =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Series> eldest) {
          return size() > MAX_SERIES;
        }
      };

  EventRecorder(KubernetesClient client, Clock clock, String instance) {
    this(client, clock, instance, () -> true);
  }

  /**
   * @param mayWrite asked before each Event is sent: false once this instance no longer leads
   *     (fencing), and the Event is then dropped
   */
  EventRecorder(KubernetesClient client, Clock clock, String instance, BooleanSupplier mayWrite) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
    this.mayWrite = mayWrite;
  }

  void normal(HasMetadata involved, String reason, String message) {
    record(involved, NORMAL, reason, message);
  }

  void warning(HasMetadata involved, String reason, String message) {
    record(involved, WARNING, reason, message);
  }

  private synchronized void record(
      HasMetadata involved, String type, String reason, String message) {
    Instant now = clock.instant();
    String key = involved.getMetadata().getUid() + "|" + type + "|" + reason + "|" + message;
    Series s = series.get(key);
    if (s == null || Duration.between(s.first, now).compareTo(SERIES_LIFETIME) > 0) {
      s = new Series(involved, type, reason, message, now);
      series.put(key, s);
    } else {
      s.count++;
      s.last = now;
    }
    if (s.written == null || Duration.between(s.written, now).compareTo(MIN_WRITE_INTERVAL) >= 0) {
      // Marked written now, sent by the writer thread: the caller (a repair) never waits for it.
      s.written = now;
      Series toWrite = s;
      flusher.execute(() -> send(toWrite));
    } else if (!s.flushScheduled) {
      s.flushScheduled = true;
      Series pending = s;
      flusher.schedule(() -> flush(pending), MIN_WRITE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void flush(Series s) {
    synchronized (this) {
      s.flushScheduled = false;
      if (s.writtenCount == s.count) {
        return;
      }
      s.written = clock.instant();
    }
    send(s);
  }

  /**
   * Sends a series to the API server, on the writer thread only (so one series is never sent twice
   * at once), outside the recorder's lock: recording an Event in one namespace never waits for the
   * request of another.
   */
  private void send(Series s) {
    if (!mayWrite.getAsBoolean()) {
      LOG.warn("not the leader any more: event {} not sent", s.reason);
      return;
    }
    int count;
    Instant last;
    synchronized (this) {
      count = s.count;
      last = s.last;
    }
    try {
      if (s.eventName == null) {
        Event created =
            client.v1().events().inNamespace(namespace()).resource(event(s, count, last)).create();
        s.eventName = created.getMetadata().getName();
      } else {
        // A merge patch: no GET first, so the chart's create/patch on events is enough. The
        // client reads the object from the server before a patch by name (and the chart grants
        // no get on events): given the Event's name and namespace, it patches at once.
        String patch = "{\"count\":" + count + ",\"lastTimestamp\":\"" + last + "\"}";
        client
            .v1()
            .events()
            .inNamespace(namespace())
            .resource(
                new EventBuilder()
                    .withNewMetadata()
                    .withName(s.eventName)
                    .withNamespace(namespace())
                    .endMetadata()
                    .build())
            .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      }
      synchronized (this) {
        s.writtenCount = count;
      }
    } catch (KubernetesClientException e) {
      // Events are best effort: a failure to record one must not fail the reconcile.
      LOG.warn("could not record event {} on {}: {}", s.reason, s.involvedName, e.getMessage());
    }
  }

  private Event event(Series s, int count, Instant last) {
    return new EventBuilder()
        .withNewMetadata()
        .withGenerateName(s.involvedName + ".")
        .withNamespace(namespace())
        .endMetadata()
        .withInvolvedObject(
            new ObjectReferenceBuilder()
                .withApiVersion(s.apiVersion)
                .withKind(s.kind)
                .withName(s.involvedName)
                .withUid(s.involvedUid)
                .build())
        .withType(s.type)
        .withReason(s.reason)
        .withMessage(s.message)
        .withCount(count)
        .withFirstTimestamp(s.first.toString())
        .withLastTimestamp(last.toString())
        .withNewSource()
        .withComponent("rempart")
        .endSource()
        .withReportingComponent("rempart.dev/operator")
        .withReportingInstance(instance)
        .build();
  }

  // Events about a cluster-scoped object live in the default namespace, as kubectl expects.
  private static String namespace() {
    return "default";
  }

  @Override
  public void close() {
    // Events already recorded are sent before the recorder goes (briefly: a stopping operator
    // does not wait long on a slow API server).
    flusher.shutdown();
    try {
      if (!flusher.awaitTermination(2, TimeUnit.SECONDS)) {
        flusher.shutdownNow();
      }
    } catch (InterruptedException e) {
      flusher.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static final class Series {
    final String apiVersion;
    final String kind;
    final String involvedName;
    final String involvedUid;
    final String type;
    final String reason;
    final String message;
    final Instant first;
    Instant last;
    int count = 1;
    String eventName;
    Instant written;
    int writtenCount;
    boolean flushScheduled;

    Series(HasMetadata b, String type, String reason, String message, Instant now) {
      this.apiVersion = b.getApiVersion();
      this.kind = b.getKind();
      this.involvedName = b.getMetadata().getName();
      this.involvedUid = b.getMetadata().getUid();
      this.type = type;
      this.reason = reason;
      this.message = message;
      this.first = now;
      this.last = now;
    }
  }
}
