package dev.rempart.operator;

import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.ExceptionPhase;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.Finding;
import dev.rempart.core.FindingTransition;
import dev.rempart.core.IncrementalEvaluation;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.exceptions.ExceptionAssessment;
import dev.rempart.core.status.Conditions;
import dev.rempart.record.ChainHead;
import dev.rempart.record.EventType;
import dev.rempart.record.ObjectRef;
import dev.rempart.record.RecordEvent;
import dev.rempart.recorder.BucketLock;
import dev.rempart.recorder.RecordSink;
import dev.rempart.recorder.Recorder;
import dev.rempart.recorder.S3ObjectLockSink;
import dev.rempart.recorder.SinkRefusedException;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's side of the record (docs/record.md): starts the {@link Recorder} when this
 * instance starts leading, turns what the operator sees and does into record events, anchors the
 * chain's head every {@link RecordSettings#anchorInterval()} in an Event on every baseline, and
 * says in each baseline's {@code Recorded} condition whether the record is kept. A sink that
 * refuses to start (a bucket without Object Lock) never stops enforcement: the condition names the
 * problem, and the start is tried again every {@link #RETRY}.
 */
public final class OperatorRecord implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorRecord.class);

  /** The condition type on each baseline. */
  public static final String CONDITION = "Recorded";

  /** How soon a sink that refused or failed to start is tried again. */
  static final Duration RETRY = Duration.ofMinutes(1);

  private final KubernetesClient client;
  private final RecordSettings settings;
  private final Clock clock;
  private final EventRecorder events;
  private ScheduledExecutorService scheduler;
  private volatile Recorder recorder;
  private volatile String failure;
  private volatile String sinksDescribed;
  private volatile ChainHead lastAnchor;
  private volatile Instant startedAt;
  private volatile Map<String, Object> sinkFacts = Map.of();

  OperatorRecord(
      KubernetesClient client, RecordSettings settings, Clock clock, EventRecorder events) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.events = events;
  }

  boolean enabled() {
    return settings.enabled();
  }

  /** Starts recording: called when this instance starts leading (or at start without election). */
  synchronized void start() {
    if (!enabled() || scheduler != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "rempart-record");
              thread.setDaemon(true);
              return thread;
            });
    // The first attempt runs here, before the controllers start: their first round is recorded.
    attemptStart();
  }

  private synchronized void attemptStart() {
    if (scheduler == null) {
      return; // closed meanwhile
    }
    try {
      List<RecordSink> sinks = settings.sinks().create();
      sinksDescribed = sinks.stream().map(RecordSink::describe).collect(Collectors.joining(", "));
      recorder =
          Recorder.start(
              new ConfigMapChainHeadStore(
                  client, settings.headNamespace(), RecordSettings.HEAD_CONFIG_MAP),
              sinks,
              clock,
              settings.recorder());
      failure = null;
      startedAt = clock.instant();
      sinkFacts = sinkFacts(sinksDescribed, sinks);
      publishSinks();
      LOG.info(
          "record: recording to {}, the chain's head in ConfigMap {}/{}",
          sinksDescribed,
          settings.headNamespace(),
          RecordSettings.HEAD_CONFIG_MAP);
      long every = settings.anchorInterval().toMillis();
      scheduler.scheduleWithFixedDelay(this::anchorQuietly, every, every, TimeUnit.MILLISECONDS);
    } catch (SinkRefusedException e) {
      failed("the record's sink refused to start: " + e.getMessage());
    } catch (IOException | RuntimeException e) {
      failed("the record's sink could not be started: " + e.getMessage());
    }
  }

  private void failed(String message) {
    failure = message + " (enforcement continues without a record; tried again every minute)";
    LOG.error("record: {}", failure);
    scheduler.schedule(this::attemptStart, RETRY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops recording on losing the lead: nothing more is written, not even what is queued, since the
   * next leader may already have read the head (fencing: a deposed leader writes nothing).
   */
  public synchronized void abandon() {
    stop(Recorder::abandon);
  }

  /** Stops recording, writing what is queued: called on a graceful shutdown. */
  @Override
  public synchronized void close() {
    stop(Recorder::close);
  }

  private void stop(java.util.function.Consumer<Recorder> how) {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
    Recorder stopping = recorder;
    recorder = null;
    if (stopping != null) {
      how.accept(stopping);
    }
  }

  /** The recorder while it runs (tests look at its head), or null. */
  public Recorder recorder() {
    return recorder;
  }

  /**
   * The baseline's {@code Recorded} condition: False with reason {@code SinkRefused} while the sink
   * refuses to start, True while recording, none when no record is asked for.
   */
  Condition condition(long generation, Instant now) {
    if (!enabled()) {
      return null;
    }
    String problem = failure;
    if (problem != null) {
      return Conditions.of(CONDITION, false, "SinkRefused", problem, generation, now);
    }
    if (recorder == null) {
      return null;
    }
    ChainHead anchor = lastAnchor;
    return Conditions.of(
        CONDITION,
        true,
        "Recording",
        "The record goes to "
            + sinksDescribed
            + (anchor == null ? "." : "; last anchor " + anchor + "."),
        generation,
        now);
  }

  /** The problem that keeps the record from being written, or null. */
  String failure() {
    return failure;
  }

  private void record(RecordEvent event) {
    Recorder running = recorder;
    if (running != null) {
      running.record(event);
    }
  }

  /** The clauses of each control, for writes no finding names a clause for (a quick repair). */
  private static final Map<String, String> CLAUSES =
      dev.rempart.core.ControlCatalog.all().stream()
          .collect(
              Collectors.toMap(
                  dev.rempart.core.Control::name, dev.rempart.core.Control::clauses, (a, b) -> a));

  /** Rempart wrote (created, restored or changed) an object. */
  void written(String baseline, String clause, ResourceRef ref, String action, String control) {
    record(
        RecordEvent.of(
            EventType.OBJECT_WRITTEN,
            baseline,
            clause != null || control == null ? clause : CLAUSES.get(control),
            object(ref),
            details("action", action, "control", control)));
  }

  /** Rempart removed an object: one it made and no longer wants, or one the baseline deletes. */
  void removed(String baseline, String clause, ResourceRef ref, String reason, String control) {
    record(
        RecordEvent.of(
            EventType.OBJECT_REMOVED,
            baseline,
            clause,
            object(ref),
            details("reason", reason, "control", control)));
  }

  /**
   * What a round changed: the baseline's new generation, and each finding's transition. The first
   * round of a baseline that existed before this instance started recording records one summary
   * entry, not a line per finding it found open: those opened before, while another instance (or
   * none) was recording. A baseline created since records each of its first findings as opened.
   */
  void evaluated(SecurityBaseline baseline, IncrementalEvaluation.Outcome round) {
    if (recorder == null) {
      return;
    }
    String name = baseline.getMetadata().getName();
    if (round.first() && !sinkFacts.isEmpty()) {
      // A baseline created since the sinks started learns where the record goes at once.
      try {
        patchRecordStatus(name, sinkFacts);
      } catch (KubernetesClientException e) {
        LOG.warn("record: where the record goes was not published to {}: {}", name, e.getMessage());
      }
    }
    boolean known = round.first() && !createdSinceStart(baseline);
    if (round.full()) {
      List<Finding> findings = round.result().findings();
      long excepted = findings.stream().filter(Finding::excepted).count();
      record(
          RecordEvent.of(
              EventType.BASELINE_CHANGED,
              name,
              null,
              baselineRef(baseline),
              details(
                  "generation",
                  String.valueOf(baseline.getMetadata().getGeneration()),
                  "reason",
                  known
                      ? "evaluated for the first time since this operator started: findings"
                          + " already open are counted here, and recorded as they change from now on"
                      : round.first()
                          ? "a new baseline was evaluated"
                          : "a new generation of the baseline was evaluated",
                  "findingsOpen",
                  String.valueOf(findings.size() - excepted),
                  "findingsExcepted",
                  String.valueOf(excepted))));
    }
    if (known) {
      return;
    }
    round.findingChanges().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .flatMap(e -> e.getValue().transitions().stream())
        .forEach(t -> record(transition(name, t)));
  }

  /** The baseline was deleted (what it made is removed, each removal recorded). */
  void baselineDeleted(SecurityBaseline baseline) {
    record(
        RecordEvent.of(
            EventType.BASELINE_CHANGED,
            baseline.getMetadata().getName(),
            null,
            baselineRef(baseline),
            details(
                "generation",
                String.valueOf(baseline.getMetadata().getGeneration()),
                "reason",
                "the baseline was deleted")));
  }

  private static ObjectRef baselineRef(SecurityBaseline baseline) {
    return new ObjectRef(
        baseline.getApiVersion(), baseline.getKind(), null, baseline.getMetadata().getName());
  }

  private boolean createdSinceStart(SecurityBaseline baseline) {
    String created = baseline.getMetadata().getCreationTimestamp();
    Instant started = startedAt;
    try {
      return created != null
          && started != null
          && !Instant.parse(created)
              .isBefore(started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  private static RecordEvent transition(String baseline, FindingTransition t) {
    Finding f = t.finding();
    EventType type =
        switch (t.kind()) {
          case OPENED -> EventType.FINDING_OPENED;
          case EXCEPTED -> EventType.FINDING_EXCEPTED;
          case RESOLVED -> EventType.FINDING_RESOLVED;
        };
    return RecordEvent.of(
        type,
        baseline,
        f.clause(),
        object(f.resource()),
        details(
            "control",
            f.control(),
            "check",
            f.check(),
            "severity",
            f.severity().id(),
            "message",
            f.message(),
            "exceptedBy",
            f.exceptedBy()));
  }

  /** A BaselineException's phase changed: Active, Invalid or Expired, and why. */
  void exceptionDecision(
      BaselineException exception, ExceptionPhase previous, ExceptionAssessment assessment) {
    record(
        RecordEvent.of(
            EventType.EXCEPTION_DECISION,
            exception.getSpec() == null ? null : exception.getSpec().getBaseline(),
            null,
            new ObjectRef(
                exception.getApiVersion(),
                exception.getKind(),
                exception.getMetadata().getNamespace(),
                exception.getMetadata().getName()),
            details(
                "decision",
                assessment.phase().name(),
                "previous",
                previous == null ? null : previous.name(),
                "reason",
                assessment.reason(),
                "message",
                assessment.message(),
                "expiresAt",
                assessment.expiresAt() == null ? null : assessment.expiresAt().toString())));
  }

  private void anchorQuietly() {
    try {
      anchor();
    } catch (IOException | RuntimeException e) {
      LOG.warn("record: the chain's head could not be anchored: {}", e.getMessage());
    }
  }

  /**
   * Writes an anchor entry and publishes its head in every baseline's {@code status.record} and a
   * Normal Event {@code RecordAnchored} on it, so that a record cut after it is detected ({@code
   * rempart record verify --anchor}).
   */
  public ChainHead anchor() throws IOException {
    Recorder running = recorder;
    if (running == null) {
      throw new IOException("the record is not being written");
    }
    ChainHead head =
        running.anchor("status.record.anchor and Event RecordAnchored of every SecurityBaseline");
    lastAnchor = head;
    String at = clock.instant().toString();
    LOG.info("record: anchored the chain's head {}", head);
    for (SecurityBaseline baseline : client.resources(SecurityBaseline.class).list().getItems()) {
      publish(baseline, head, at);
    }
    return head;
  }

  /**
   * Where the record goes and, for an S3 bucket, the Object Lock retention read back from it when
   * the sink started: the auditLogging control's evidence for Rempart's own record (clause 4.6).
   */
  static Map<String, Object> sinkFacts(String described, List<RecordSink> sinks) {
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("sinks", described);
    for (RecordSink sink : sinks) {
      if (sink instanceof S3ObjectLockSink s3 && s3.bucketLock() != null) {
        BucketLock lock = s3.bucketLock();
        facts.put("bucket", lock.bucket());
        facts.put("retentionMode", lock.mode());
        facts.put("retentionDays", lock.days());
      }
    }
    return Map.copyOf(facts);
  }

  /** Publishes the sinks' facts in every baseline's status, once they are known. */
  private void publishSinks() {
    try {
      for (SecurityBaseline baseline : client.resources(SecurityBaseline.class).list().getItems()) {
        patchRecordStatus(baseline.getMetadata().getName(), sinkFacts);
      }
    } catch (KubernetesClientException e) {
      LOG.warn("record: where the record goes was not published: {}", e.getMessage());
    }
  }

  /**
   * A merge patch of {@code status.record} alone: the reconciler's status writes leave it as it is
   * (they never name it), so no evaluation is needed to publish an anchor.
   */
  private void publish(SecurityBaseline baseline, ChainHead head, String at) {
    String name = baseline.getMetadata().getName();
    Map<String, Object> record = new LinkedHashMap<>(sinkFacts);
    record.put("anchor", head.toString());
    record.put("anchoredAt", at);
    try {
      patchRecordStatus(name, record);
    } catch (KubernetesClientException e) {
      LOG.warn(
          "record: anchor {} not written to baseline {}'s status: {}", head, name, e.getMessage());
    }
    events.normal(
        baseline,
        "RecordAnchored",
        "The record's chain head is "
            + head
            + "; check a copy of the record with: rempart record verify --anchor "
            + head);
  }

  private void patchRecordStatus(String baseline, Map<String, Object> record) {
    client
        .resources(SecurityBaseline.class)
        .withName(baseline)
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            client.getKubernetesSerialization().asJson(Map.of("status", Map.of("record", record))));
  }

  private static ObjectRef object(ResourceRef ref) {
    return ref == null
        ? null
        : new ObjectRef(ref.apiVersion(), ref.kind(), ref.namespace(), ref.name());
  }

  /** Key, value, key, value...: null values are left out. */
  private static Map<String, String> details(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        map.put(keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return map;
  }
}
