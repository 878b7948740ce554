package dev.rempart.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.Drift;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.EvaluationResult.Orphan;
import dev.rempart.core.Finding;
import dev.rempart.core.ManagedObjects;
import dev.rempart.core.Removal;
import dev.rempart.core.ResourceRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out what an evaluation decided for the controls in Enforce: applies missing or changed
 * objects with server-side apply under Rempart's field manager, and removes what Rempart made and
 * no longer wants. Never touches anything in Audit: an evaluation marks only Enforce work as
 * enforced.
 *
 * <p>A drift is repaired at once; an object that another writer keeps undoing is still restored,
 * but after a growing wait (see {@link RevertTracker}), so that two writers never hammer the API
 * server with their fight.
 */
final class Remediator {
  private static final Logger LOG = LoggerFactory.getLogger(Remediator.class);

  private final KubernetesClient client;
  private final ServerSideApply applier;
  private final WriteLedger ledger;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final ExecutorService pool;
  private final RevertTracker reverts;
  private final OperatorRecord record;
  private final BooleanSupplier mayWrite;
  private final WritePriority priority;

  /**
   * @param mayWrite asked before each write and each deletion of data: false once this instance no
   *     longer leads. A round's writes wait in the pool; a leader paused (GC, SIGSTOP, frozen VM)
   *     with a round under way resumes with them queued, and must not send them once another
   *     instance leads (a deletion of data, which cannot be undone, least of all).
   * @param priority told of every write from the moment it is queued until it is done, so that
   *     background writes (policy reports) leave the API server to it
   */
  Remediator(
      KubernetesClient client,
      WriteLedger ledger,
      EventRecorder events,
      OperatorMetrics metrics,
      ExecutorService pool,
      RevertTracker reverts,
      OperatorRecord record,
      BooleanSupplier mayWrite,
      WritePriority priority) {
    this.priority = priority;
    this.record = record;
    this.mayWrite = mayWrite;
    this.client = client;
    this.applier = new ServerSideApply(client, ManagedObjects.FIELD_MANAGER);
    this.ledger = ledger;
    this.events = events;
    this.metrics = metrics;
    this.pool = pool;
    this.reverts = reverts;
  }

  /**
   * What remediation achieved.
   *
   * @param applied the desired objects now in place
   * @param errors one line per object that could not be applied or removed
   * @param contested the objects whose repairs back off because another writer keeps undoing them
   * @param nextRepair when the earliest back-off ends (or a contested object turns quiet): the
   *     baseline is evaluated again then
   * @param written the objects Rempart wrote or removed: what they affect is evaluated again at the
   *     next round (their echo starts nothing)
   * @param unrepaired the drift that was not repaired (a failure, or a repair that waits)
   */
  record Outcome(
      Set<ResourceRef> applied,
      List<String> errors,
      List<RevertTracker.Contest> contested,
      Optional<Instant> nextRepair,
      List<HasMetadata> written,
      Set<ResourceRef> unrepaired) {
    /** The Contested condition's message, or null when nothing is contested. */
    String contestedSummary() {
      return RevertMessages.contested(contested);
    }

    String errorSummary() {
      if (errors.isEmpty()) {
        return null;
      }
      String first = String.join("; ", errors.subList(0, Math.min(3, errors.size())));
      return errors.size() > 3 ? first + "; and " + (errors.size() - 3) + " more" : first;
    }
  }

  /** What the writes of one round did, gathered from the threads that made them. */
  private static final class Work {
    final Set<ResourceRef> applied = Collections.synchronizedSet(new HashSet<>());
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    final List<HasMetadata> written = Collections.synchronizedList(new ArrayList<>());
    final Set<ResourceRef> unrepaired = Collections.synchronizedSet(new HashSet<>());
  }

  Outcome remediate(SecurityBaseline baseline, EvaluationResult result) {
    String name = baseline.getMetadata().getName();
    reverts.settle(
        name,
        result.driftToRepair().stream().map(d -> d.desired().ref()).collect(Collectors.toSet()));
    Work done = new Work();
    // Only when there is something to record: a round without repairs reads no finding.
    Map<ResourceRef, String> clauses =
        record.enabled() && !result.driftToRepair().isEmpty() ? clausesFixedBy(result) : Map.of();
    List<CompletableFuture<Void>> work = new ArrayList<>();
    for (Drift drift : result.driftToRepair()) {
      work.add(submit(() -> repair(baseline, drift, clauses.get(drift.desired().ref()), done)));
    }
    for (Orphan orphan : result.orphansToRemove()) {
      work.add(submit(() -> remove(baseline, orphan, done)));
    }
    for (Removal removal : result.removals()) {
      work.add(
          submit(
              () -> {
                if (removal.keepContent()) {
                  removeForeign(baseline, removal, done);
                } else {
                  removeData(baseline, removal, done);
                }
              }));
    }
    CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
    return new Outcome(
        Set.copyOf(done.applied),
        List.copyOf(done.errors),
        reverts.contested(name),
        reverts.nextWakeUp(name),
        List.copyOf(done.written),
        Set.copyOf(done.unrepaired));
  }

  /**
   * Queues one write on the apply pool; the write priority counts it from now until it is done,
   * queued time included: a round's applies waiting for a free thread keep report writes back too.
   */
  private CompletableFuture<Void> submit(Runnable write) {
    priority.queued();
    try {
      return CompletableFuture.runAsync(
          () -> {
            try {
              write.run();
            } finally {
              priority.done();
            }
          },
          pool);
    } catch (RuntimeException e) {
      priority.done(); // refused by a pool that is shutting down: never queued
      throw e;
    }
  }

  /** The clause of the finding each desired object fixes, for the record. */
  private static Map<ResourceRef, String> clausesFixedBy(EvaluationResult result) {
    Map<ResourceRef, String> clauses = new HashMap<>();
    for (Finding f : result.findings()) {
      if (f.fixedBy() != null) {
        clauses.putIfAbsent(f.fixedBy(), f.clause());
      }
    }
    return clauses;
  }

  /** The baseline is gone: so are its fights. */
  void forget(String baseline) {
    reverts.forget(baseline);
  }

  /**
   * Repairs one drift. The DriftDetected and Remediated Events and the metrics are recorded after
   * the write, never before it: a repair waits for nothing but its own request.
   */
  private void repair(SecurityBaseline baseline, Drift drift, String clause, Work done) {
    HasMetadata desired = drift.desired().object();
    ResourceRef ref = drift.desired().ref();
    // Drift is someone undoing Rempart's work: a change to an object it owns, or the loss of
    // what it applied before. Labelling a namespace for the first time is not drift.
    boolean isDrift =
        ledger.wasApplied(desired)
            || (drift.state() == Drift.State.MODIFIED && drift.desired().owned());
    String name = baseline.getMetadata().getName();
    RevertTracker.Decision decision = isDrift ? decide(baseline, drift) : null;
    if (decision != null && !decision.repairNow()) {
      done.unrepaired.add(ref);
      return;
    }
    try {
      Optional<HasMetadata> written = writeTracked(drift);
      if (written.isEmpty()) {
        done.unrepaired.add(ref);
        return;
      }
      // Kept until the cache holds it, and by the round until its end (40,000 objects at 10,000
      // namespaces): as lean as the cache's copy, without the field sets the answer carries.
      HasMetadata result = LeanItemStore.lean(written.get());
      ledger.recordApplied(result);
      done.applied.add(ref);
      done.written.add(result);
      record.written(
          name,
          clause,
          ref,
          isDrift ? "restored" : drift.state() == Drift.State.MISSING ? "created" : "updated",
          drift.desired().control());
      if (isDrift) {
        if (decision.newRevert()) {
          events.warning(baseline, "DriftDetected", describe(drift));
          metrics.driftDetected(name, ref.kind());
        }
        reverts.repaired(name, ref);
        events.normal(baseline, "Remediated", "Restored " + ref.display() + ".");
        metrics.driftRepaired(name, ref.kind());
      } else if (drift.state() == Drift.State.MISSING) {
        LOG.debug("created {}", ref.display());
      }
    } catch (KubernetesClientException e) {
      done.unrepaired.add(ref);
      if (refusedByFence(e)) {
        return;
      }
      String message = ref.display() + ": " + e.getMessage();
      done.errors.add(message);
      metrics.remediationFailed(name, "apply");
      events.warning(baseline, "ApplyFailed", "Could not apply " + message);
      LOG.warn("could not apply {}: {}", ref.display(), e.getMessage());
    }
  }

  /**
   * Counts a drift as a revert (once, however often it is seen before Rempart repairs it) and says
   * whether Rempart repairs it now. A new revert whose repair waits is reported at once, with a
   * Conflict naming the other writer; one repaired now is reported after its repair. A waiting
   * object is repaired when the baseline is evaluated again at the end of its back-off.
   */
  private RevertTracker.Decision decide(SecurityBaseline baseline, Drift drift) {
    ResourceRef ref = drift.desired().ref();
    String name = baseline.getMetadata().getName();
    RevertTracker.Decision decision =
        reverts.reverted(
            name,
            ref,
            RevertMessages.undoneBy(
                drift.state() == Drift.State.MISSING, lastOtherManager(drift.actual())));
    if (decision.deferred()) {
      events.warning(baseline, "DriftDetected", describe(drift));
      metrics.driftDetected(name, ref.kind());
      events.warning(
          baseline,
          "Conflict",
          RevertMessages.backoffStarted(decision.backoff(), reverts.schedule()));
      metrics.repairDeferred(name, ref.kind());
      LOG.info(
          "{} keeps being undone; its next repair waits until {}",
          ref.display(),
          decision.repairAt());
    }
    return decision;
  }

  /** The write, with the ledger told it is in flight (its echo may come before its answer). */
  private Optional<HasMetadata> writeTracked(Drift drift) {
    ledger.writing(drift.desired().object());
    try {
      Optional<HasMetadata> written = write(drift);
      if (written.isEmpty()) {
        ledger.writeFailed(drift.desired().object()); // not sent: an event held for it goes on
      }
      return written;
    } catch (RuntimeException e) {
      ledger.writeFailed(drift.desired().object());
      throw e;
    }
  }

  /**
   * Server-side apply under Rempart's field manager; nothing (empty) once this instance no longer
   * leads. For an object Rempart owns whole that someone else changed, a plain apply would leave
   * the other writer's extra lists in place (an ingress rule added to a policy): those are applied
   * as empty lists, which takes them over and empties them.
   */
  private Optional<HasMetadata> write(Drift drift) {
    HasMetadata desired = drift.desired().object();
    String json;
    if (drift.state() == Drift.State.MODIFIED && drift.desired().owned()) {
      ObjectNode body = client.getKubernetesSerialization().convertValue(desired, ObjectNode.class);
      JsonNode actual =
          client.getKubernetesSerialization().convertValue(drift.actual(), JsonNode.class);
      claimStrayLists(body, actual);
      json = body.toString();
    } else {
      // Written straight to text: no tree to build when there is nothing to add to it.
      json = client.getKubernetesSerialization().asJson(desired);
    }
    // Fencing, as late as this code can: a leader paused between this check and the request
    // still sends it on resuming (Kubernetes has no fencing token); the later the check, the
    // smaller that window.
    if (!mayWrite.getAsBoolean()) {
      return Optional.empty();
    }
    if (ServerSideApply.addresses(desired)) {
      return Optional.of(applier.apply(desired, json));
    }
    PatchContext apply =
        new PatchContext.Builder()
            .withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager(ManagedObjects.FIELD_MANAGER)
            .withForce(true)
            .build();
    return Optional.of(client.resource(handle(desired)).patch(apply, json));
  }

  /**
   * An object of the desired one's kind, namespace and name, and nothing else: fabric8 deep-copies
   * the object a write is made through (a tenth of the operator's CPU during a cold start when it
   * was the desired object), though the body sent is the JSON built above. Addressing the object by
   * name instead would make fabric8 read it from the server first.
   */
  static HasMetadata handle(HasMetadata desired) {
    HasMetadata handle;
    if (desired instanceof GenericKubernetesResource) {
      GenericKubernetesResource generic = new GenericKubernetesResource();
      generic.setApiVersion(desired.getApiVersion());
      generic.setKind(desired.getKind());
      handle = generic;
    } else {
      try {
        handle = desired.getClass().getDeclaredConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        return desired; // a model without a no-argument constructor: copied, as before
      }
    }
    handle.setMetadata(
        new ObjectMetaBuilder()
            .withName(desired.getMetadata().getName())
            .withNamespace(desired.getMetadata().getNamespace())
            .build());
    return handle;
  }

  /**
   * A write the HTTP-level fence refused ({@link LeaseFence}): the lease was lost between this
   * round's check and the request. Treated as a fenced round: nothing written, no error reported
   * (the Event would be refused too), whoever leads does the work.
   */
  private static boolean refusedByFence(KubernetesClientException e) {
    if (LeaseFence.refused(e)) {
      LOG.warn("not the leader any more: {}", e.getMessage());
      return true;
    }
    return false;
  }

  /** Adds an empty list to {@code body} for every list the actual object has and body lacks. */
  static void claimStrayLists(ObjectNode body, JsonNode actual) {
    actual
        .fields()
        .forEachRemaining(
            field -> {
              String name = field.getKey();
              JsonNode value = field.getValue();
              if (name.equals("metadata") || name.equals("status")) {
                return;
              }
              JsonNode wanted = body.get(name);
              if (wanted == null && value.isArray() && !value.isEmpty()) {
                body.putArray(name);
              } else if (wanted instanceof ObjectNode child && value.isObject()) {
                claimStrayLists(child, value);
              }
            });
  }

  private void remove(SecurityBaseline baseline, Orphan orphan, Work done) {
    if (!mayWrite.getAsBoolean()) {
      return;
    }
    try {
      ledger.recordDeleted(orphan.object());
      client.resource(orphan.object()).delete();
      done.written.add(orphan.object());
      record.removed(
          baseline.getMetadata().getName(),
          null,
          orphan.ref(),
          "Rempart made it and the baseline no longer wants it",
          null);
      events.normal(
          baseline,
          "Removed",
          "Removed " + orphan.ref().display() + ", which the baseline no longer wants.");
    } catch (KubernetesClientException e) {
      if (refusedByFence(e)) {
        return;
      }
      String message = orphan.ref().display() + ": " + e.getMessage();
      done.errors.add(message);
      metrics.remediationFailed(baseline.getMetadata().getName(), "remove");
      events.warning(baseline, "RemoveFailed", "Could not remove " + message);
    }
  }

  /**
   * Deletes an object Rempart does not own because the baseline says so: a server-side dry run
   * first, then the delete only if the object is still the one evaluated (same resourceVersion), an
   * Event, and a record of its content in the log.
   */
  private void removeForeign(SecurityBaseline baseline, Removal removal, Work done) {
    ResourceRef ref = removal.ref();
    if (!mayWrite.getAsBoolean()) {
      return;
    }
    try {
      client.resource(removal.object()).dryRun().delete();
      HasMetadata current = client.resource(removal.object()).get();
      if (current == null) {
        done.applied.add(ref);
        return;
      }
      String evaluated = removal.object().getMetadata().getResourceVersion();
      if (evaluated != null && !evaluated.equals(current.getMetadata().getResourceVersion())) {
        events.warning(
            baseline,
            "RemovalSkipped",
            ref.display() + " changed since it was evaluated; it is evaluated again, not deleted.");
        return;
      }
      ledger.recordDeleted(current);
      client.resource(current).delete();
      done.applied.add(ref);
      done.written.add(current);
      record.removed(
          baseline.getMetadata().getName(),
          removal.clause(),
          ref,
          removal.reason(),
          removal.control());
      String removed = RemovalRecord.of(removal, current);
      LOG.info(
          "removed {} (clause {}): {}; record: {}",
          ref.display(),
          removal.clause(),
          removal.reason(),
          removed);
      events.normal(
          baseline,
          "Removed",
          RemovalRecord.truncate(
              "Removed "
                  + ref.display()
                  + " (clause "
                  + removal.clause()
                  + "): "
                  + removal.reason()
                  + " Record: "
                  + removed));
    } catch (KubernetesClientException e) {
      if (refusedByFence(e)) {
        return;
      }
      String message = ref.display() + ": " + e.getMessage();
      done.errors.add(message);
      metrics.remediationFailed(baseline.getMetadata().getName(), "remove");
      events.warning(baseline, "RemoveFailed", "Could not remove " + message);
    }
  }

  /**
   * Deletes data the baseline says must go (an offboarded namespace's claims, Secrets, ...): a
   * server-side dry run first, so that a refusal (RBAC, an admission policy) stops it before
   * anything is deleted; then the delete, on the condition that the object is still the version
   * that was evaluated (a precondition on its resourceVersion, so the object is never read again: a
   * Secret's content stays unread); an Event, and a record entry that names the object, never its
   * content.
   */
  private void removeData(SecurityBaseline baseline, Removal removal, Work done) {
    ResourceRef ref = removal.ref();
    String name = baseline.getMetadata().getName();
    HasMetadata evaluated = removal.object();
    String version = evaluated.getMetadata().getResourceVersion();
    try {
      client.resource(evaluated).dryRun().delete();
      if (!mayWrite.getAsBoolean()) {
        done.unrepaired.add(ref);
        LOG.info("not deleting {}: this instance no longer leads", ref.display());
        return;
      }
      ledger.recordDeleted(evaluated);
      List<StatusDetails> deleted =
          version == null
              ? client.resource(evaluated).delete()
              : client.resource(evaluated).lockResourceVersion(version).delete();
      done.applied.add(ref);
      if (deleted.isEmpty()) {
        return; // gone already
      }
      done.written.add(evaluated);
      record.removed(name, removal.clause(), ref, removal.reason(), removal.control());
      LOG.info("deleted {} (clause {}): {}", ref.display(), removal.clause(), removal.reason());
      events.normal(
          baseline,
          "Removed",
          RemovalRecord.truncate(
              "Deleted "
                  + ref.display()
                  + " (clause "
                  + removal.clause()
                  + "): "
                  + removal.reason()
                  + "."));
    } catch (KubernetesClientException e) {
      done.unrepaired.add(ref);
      if (refusedByFence(e)) {
        return;
      }
      if (e.getCode() == 409) {
        events.warning(
            baseline,
            "RemovalSkipped",
            ref.display() + " changed since it was evaluated; it is evaluated again, not deleted.");
        return;
      }
      String message = ref.display() + ": " + e.getMessage();
      done.errors.add(message);
      metrics.remediationFailed(name, "remove");
      events.warning(baseline, "RemoveFailed", "Could not delete " + message);
    }
  }

  private static String describe(Drift drift) {
    ResourceRef ref = drift.desired().ref();
    if (drift.state() == Drift.State.MISSING) {
      return ref.display() + " was deleted; Rempart restores it.";
    }
    String by = lastOtherManager(drift.actual());
    return ref.display()
        + " was changed"
        + (by == null ? "" : " by field manager '" + by + "'")
        + "; Rempart restores it.";
  }

  /** The field manager other than Rempart that last wrote the object, when the API says so. */
  static String lastOtherManager(HasMetadata actual) {
    if (actual == null || actual.getMetadata().getManagedFields() == null) {
      return null;
    }
    return actual.getMetadata().getManagedFields().stream()
        .filter(m -> !ManagedObjects.FIELD_MANAGER.equals(m.getManager()))
        .filter(m -> m.getTime() != null)
        .max(Comparator.comparing(ManagedFieldsEntry::getTime))
        .map(ManagedFieldsEntry::getManager)
        .orElse(null);
  }
}
