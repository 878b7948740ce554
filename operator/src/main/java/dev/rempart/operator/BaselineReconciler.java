package dev.rempart.operator;

import dev.rempart.api.v1alpha1.OldestCriticalFinding;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.api.v1alpha1.SecurityBaselineStatus;
import dev.rempart.core.Control;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Evaluator;
import dev.rempart.core.Finding;
import dev.rempart.core.IncrementalEvaluation;
import dev.rempart.core.ManagedObjects;
import dev.rempart.core.Partition;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Snapshot;
import dev.rempart.core.exceptions.ExceptionAssessment;
import dev.rempart.core.policyreports.PolicyReportBuilder;
import dev.rempart.core.status.Conditions;
import dev.rempart.core.status.StatusCalculator;
import dev.rempart.core.status.StatusChange;
import dev.rempart.operator.policyreports.ReportPublication;
import dev.rempart.operator.policyreports.ReportPublisher;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one SecurityBaseline: changes since the last round → incremental evaluation of what
 * they affect → remediate (Enforce only) → status and reports. Every decision is the evaluation
 * core's; this class only orchestrates.
 */
@ControllerConfiguration(name = "securitybaseline", fieldManager = ManagedObjects.FIELD_MANAGER)
public final class BaselineReconciler
    implements Reconciler<SecurityBaseline>, Cleaner<SecurityBaseline> {
  private static final Logger LOG = LoggerFactory.getLogger(BaselineReconciler.class);

  /** How soon a baseline is evaluated again while the report CRD is missing. */
  static final Duration REPORT_CRD_RECHECK = Duration.ofMinutes(1);

  /**
   * How soon a baseline is looked at again while its reports are being written in the background,
   * to say in its Reported condition when they are.
   */
  static final Duration REPORTS_PENDING = Duration.ofSeconds(1);

  /** How soon a round that the lease check stopped is tried again. */
  static final Duration FENCED_RETRY = Duration.ofSeconds(2);

  /** A round longer than this is logged, with where its time went. */
  static final Duration SLOW_ROUND = Duration.ofSeconds(2);

  private final Evaluator evaluator;
  private final BaselineEvaluations evaluations;
  private final ClusterView cluster;
  private final Remediator remediator;
  private final EventRecorder events;
  private final OperatorMetrics metrics;
  private final OperatorSettings settings;
  private final ReportPublisher reports;
  private final LeaseGuard lease;
  private final OperatorRecord record;

  private final VulnerabilityInputs vulnerabilityInputs;

  /** The namespace Rempart runs in (its Lease's), or null when unknown. */
  private final String ownNamespace;

  BaselineReconciler(
      Evaluator evaluator,
      BaselineEvaluations evaluations,
      ClusterView cluster,
      Remediator remediator,
      ReportPublisher reports,
      EventRecorder events,
      OperatorMetrics metrics,
      OperatorSettings settings,
      LeaseGuard lease,
      OperatorRecord record,
      VulnerabilityInputs vulnerabilityInputs,
      String ownNamespace) {
    this.ownNamespace = ownNamespace;
    this.record = record;
    this.vulnerabilityInputs = vulnerabilityInputs;
    this.evaluator = evaluator;
    this.evaluations = evaluations;
    this.cluster = cluster;
    this.remediator = remediator;
    this.reports = reports;
    this.events = events;
    this.metrics = metrics;
    this.settings = settings;
    this.lease = lease;
  }

  @Override
  public List<EventSource<?, SecurityBaseline>> prepareEventSources(
      EventSourceContext<SecurityBaseline> context) {
    return cluster.eventSources(context);
  }

  @Override
  public UpdateControl<SecurityBaseline> reconcile(
      SecurityBaseline baseline, Context<SecurityBaseline> context) {
    try {
      return evaluate(baseline);
    } catch (RuntimeException e) {
      metrics.evaluationFailed(baseline.getMetadata().getName());
      // The kept evaluation may be half updated and the changes it took are gone: the retry
      // evaluates everything again.
      evaluations.forget(baseline.getMetadata().getName());
      throw e;
    }
  }

  private UpdateControl<SecurityBaseline> evaluate(SecurityBaseline baseline) {
    String name = baseline.getMetadata().getName();
    if (baseline.getSpec() == null || baseline.getSpec().getNamespaceSelector() == null) {
      metrics.invalid(name);
      return publish(
          baseline,
          StatusCalculator.invalid(
              baseline,
              "spec.namespaceSelector is required (use {} to govern every namespace).",
              settings.clock().instant()));
    }
    long started = System.nanoTime();
    BaselineEvaluations.Kept kept = evaluations.of(name);
    IncrementalEvaluation evaluation = kept.evaluation();
    kept.resyncIfDue(settings.clock().instant(), settings.resyncInterval());
    long correctionsBefore = evaluation.counters().resyncCorrections();
    long governanceBefore = evaluation.counters().governanceRecomputed();
    IncrementalEvaluation.Outcome round =
        evaluation.evaluate(baseline, cluster.snapshot(), settings.clock().instant(), kept.drain());
    EvaluationResult result = round.result();
    long evaluated = System.nanoTime();
    long corrections = evaluation.counters().resyncCorrections() - correctionsBefore;
    long governance = evaluation.counters().governanceRecomputed() - governanceBefore;
    if (governance > 0) {
      metrics.governanceRecomputed(name, governance);
    }
    if (corrections > 0) {
      LOG.warn(
          "baseline {}: the periodic full evaluation found {} namespaces whose kept result no"
              + " change had updated; they are corrected now",
          name,
          corrections);
      metrics.resyncCorrected(name, corrections);
    }
    Duration took = Duration.ofNanos(evaluated - started);
    if (!lease.mayWrite()) {
      // Fencing: this instance no longer holds its lease (it was paused, or cut off): it writes
      // nothing, and what it evaluated is evaluated again by whoever leads.
      LOG.warn("baseline {}: not the leader any more; writing nothing", name);
      evaluations.forget(name);
      // Looked at again soon: if the lease could only not be read for a moment, this instance
      // still leads and must not wait for the next change (a deposed one stops meanwhile).
      return UpdateControl.<SecurityBaseline>noUpdate().rescheduleAfter(FENCED_RETRY);
    }
    // Recorded only once the lease is confirmed: a deposed leader records nothing either.
    record.evaluated(baseline, round);
    Remediator.Outcome outcome = remediator.remediate(baseline, result);
    long remediated = System.nanoTime();
    evaluation.remediated(round, outcome.written(), outcome.unrepaired());
    metrics.worked(name, round, outcome);
    if (round.partial()) {
      // Rempart's last writes left namespaces to evaluate again: a slice at a time, each round
      // acting on what it evaluated, so that a repair waits for one slice at most. The status
      // and reports follow once every namespace is evaluated again.
      slowRound(name, round, outcome, started, evaluated, remediated);
      return UpdateControl.<SecurityBaseline>noUpdate().rescheduleAfter(Duration.ZERO);
    }
    StatusInputs inputs =
        new StatusInputs(outcome.errorSummary(), outcome.contestedSummary(), result.exceptions());
    ReportPublication unavailable = reports.unavailable();
    if (!round.resultChanged()
        && inputs.equals(kept.lastInputs())
        && (unavailable != null || reports.publishedAll(name))) {
      // Nothing the status says can have changed (a repair from a known desired object, a change
      // that left every result as it was): the last status stands, as of now.
      ReportPublication reported = reports.publish(baseline, List.of(), ReportPublisher.Scope.NONE);
      SecurityBaselineStatus status =
          StatusCalculator.restamped(kept.lastStatus(), result.evaluatedAt());
      StatusCalculator.addCondition(
          baseline,
          status,
          reported.condition(status.getObservedGeneration(), result.evaluatedAt()));
      recordCondition(baseline, status, result.evaluatedAt());
      metrics.timed(name, took);
      return publish(
          baseline, status, nextEvaluation(result, reported, outcome, evaluation.nextRevisit()));
    }
    List<Finding> open = result.openFindings(outcome.applied());
    ReportPublication reported;
    if (unavailable != null) {
      reported = unavailable;
    } else if (round.full() && evaluation.writesLeftToEvaluate()) {
      // A full round that wrote (a new baseline, the first start): every namespace it wrote to
      // is evaluated again in the next rounds, and the reports are built there, once. Building
      // the cold start's thousands of reports here held the baseline (and a repair queued behind
      // it) for a few hundred milliseconds, for reports about to be built again. Only a full
      // round defers: under steady writes the other rounds publish, so no report waits forever.
      reported = reports.deferred();
    } else {
      reported = publishReports(baseline, round, open);
    }
    SecurityBaselineStatus status =
        StatusCalculator.compute(
            baseline, result, open, outcome.errorSummary(), outcome.contestedSummary());
    // The oldest critical finding's first-seen time is kept where the status is computed, and
    // the metrics read it from the status.
    OldestCriticalFinding recorded =
        baseline.getStatus() == null || baseline.getStatus().getSummary() == null
            ? null
            : baseline.getStatus().getSummary().getOldestCritical();
    status
        .getSummary()
        .setOldestCritical(kept.advanceCritical(recorded, open, result.evaluatedAt()).oldest());
    metrics.evaluated(name, open, status, took);
    kept.statusComputed(inputs, StatusCalculator.restamped(status, result.evaluatedAt()));
    slowRound(name, round, outcome, started, evaluated, remediated);
    StatusCalculator.addCondition(
        baseline, status, reported.condition(status.getObservedGeneration(), result.evaluatedAt()));
    recordCondition(baseline, status, result.evaluatedAt());
    reportConflicts(baseline, status);
    OwnNamespace.warning(name, result, ownNamespace)
        .ifPresent(message -> events.warning(baseline, OwnNamespace.REASON, message));
    LOG.debug(
        "baseline {}: {} governed, {} findings open, {} applied, {} errors",
        name,
        result.governance().governed().size(),
        open.size(),
        outcome.applied().size(),
        outcome.errors().size());
    return publish(
        baseline, status, nextEvaluation(result, reported, outcome, evaluation.nextRevisit()));
  }

  /**
   * Whether the record is kept, in the baseline's Recorded condition; while its sink refuses to
   * start, also a Warning Event that names the problem (enforcement goes on regardless).
   */
  private void recordCondition(
      SecurityBaseline baseline, SecurityBaselineStatus status, Instant now) {
    // Here because every status path passes here: whether the vulnerability inputs are served.
    StatusCalculator.addCondition(
        baseline,
        status,
        vulnerabilityInputs.condition(baseline, status.getObservedGeneration(), now));
    StatusCalculator.addCondition(
        baseline, status, record.condition(status.getObservedGeneration(), now));
    String failure = record.failure();
    if (failure != null) {
      events.warning(baseline, "RecordSinkRefused", failure);
    }
  }

  /** A round that held the baseline for long is logged with where its time went. */
  private static void slowRound(
      String name,
      IncrementalEvaluation.Outcome round,
      Remediator.Outcome outcome,
      long started,
      long evaluated,
      long remediated) {
    long now = System.nanoTime();
    if (now - started < SLOW_ROUND.toNanos()) {
      return;
    }
    LOG.warn(
        "baseline {}: a round took {} ms: {} partitions evaluated in {} ms, {} writes in {} ms,"
            + " status and reports in {} ms",
        name,
        (now - started) / 1_000_000,
        round.evaluated().size(),
        (evaluated - started) / 1_000_000,
        outcome.written().size(),
        (remediated - evaluated) / 1_000_000,
        (now - remediated) / 1_000_000);
  }

  /**
   * What, besides the evaluation's result, the status is computed from: when none of it changed and
   * the result did not either, the status is the last one.
   */
  record StatusInputs(String applyError, String contested, List<ExceptionAssessment> exceptions) {}

  /**
   * Has the reports of the partitions evaluated since the last whole result rebuilt (no other
   * report can have changed): the publisher builds them on a thread of its own and writes those
   * whose content changed in the background, so that the round ends without them. Called only when
   * reports can be written: with reports off, or their CRD missing, nothing is built.
   */
  private ReportPublication publishReports(
      SecurityBaseline baseline, IncrementalEvaluation.Outcome round, List<Finding> open) {
    boolean all = round.full() || !reports.publishedAll(baseline.getMetadata().getName());
    Set<String> namespaces = new HashSet<>();
    round.refreshed().forEach(p -> namespaces.add(p.namespace()));
    boolean cluster = all || round.refreshed().contains(Partition.CLUSTER);
    ReportPublisher.Scope scope = new ReportPublisher.Scope(namespaces, cluster, all);
    if (!all && round.refreshed().isEmpty()) {
      return reports.publish(baseline, List.of(), scope);
    }
    EvaluationResult result = round.result();
    int maxResults = reports.settings().maxResults();
    return reports.publishLater(
        baseline,
        wanted ->
            PolicyReportBuilder.build(
                result,
                open,
                maxResults,
                wanted.complete() ? ns -> true : wanted.namespaces()::contains,
                wanted.cluster()),
        scope);
  }

  /**
   * When to evaluate again without any change: the earliest of the resync; just after the next
   * exception expiry (an exception stops applying at its expiresAt, not at the next resync); the
   * end of the earliest repair back-off; {@link #REPORTS_PENDING} while reports are left to write;
   * and {@link #REPORT_CRD_RECHECK} while the report CRD is missing (so reports appear soon after
   * it is installed).
   */
  private Duration nextEvaluation(
      EvaluationResult result,
      ReportPublication reported,
      Remediator.Outcome outcome,
      Optional<Instant> revisit) {
    Instant now = settings.clock().instant();
    List<Duration> candidates = new ArrayList<>();
    candidates.add(settings.resyncInterval());
    result
        .nextExceptionExpiry()
        .ifPresent(
            at -> candidates.add(Duration.between(now, at).plus(ExceptionReconciler.AFTER_EXPIRY)));
    // JOSDK schedules in whole milliseconds, rounding down: a millisecond more never wakes the
    // baseline just before its back-off ends.
    outcome.nextRepair().ifPresent(at -> candidates.add(Duration.between(now, at).plusMillis(1)));
    revisit.ifPresent(at -> candidates.add(Duration.between(now, at).plusMillis(1)));
    if (reported.morePending()) {
      candidates.add(REPORTS_PENDING);
    } else if (reported.state() == ReportPublication.State.CRD_MISSING) {
      candidates.add(REPORT_CRD_RECHECK);
    }
    Duration next = Collections.min(candidates);
    return next.isNegative() ? Duration.ZERO : next;
  }

  private UpdateControl<SecurityBaseline> publish(
      SecurityBaseline baseline, SecurityBaselineStatus status) {
    return publish(baseline, status, settings.resyncInterval());
  }

  private UpdateControl<SecurityBaseline> publish(
      SecurityBaseline baseline, SecurityBaselineStatus status, Duration next) {
    UpdateControl<SecurityBaseline> control;
    if (!lease.mayWrite()) {
      // Fencing, again after the writes: a round may outlast the lease (paused mid-round).
      LOG.warn(
          "baseline {}: not the leader any more; status not written",
          baseline.getMetadata().getName());
      evaluations.forget(baseline.getMetadata().getName());
      control = UpdateControl.noUpdate();
    } else if (StatusChange.worthWriting(baseline.getStatus(), status, settings.resyncInterval())) {
      baseline.setStatus(status);
      control = UpdateControl.patchStatus(baseline);
    } else {
      control = UpdateControl.noUpdate();
    }
    return control.rescheduleAfter(next);
  }

  private void reportConflicts(SecurityBaseline baseline, SecurityBaselineStatus status) {
    Condition conflicting = Conditions.find(status.getConditions(), Conditions.CONFLICTING);
    if (conflicting != null && "True".equals(conflicting.getStatus())) {
      events.warning(baseline, "Conflict", conflicting.getMessage());
    }
  }

  /** Deleting a baseline removes what it made (owner references do the same where a GC runs). */
  @Override
  public DeleteControl cleanup(SecurityBaseline baseline, Context<SecurityBaseline> context) {
    KubernetesClient client = context.getClient();
    String name = baseline.getMetadata().getName();
    if (!lease.mayWrite()) {
      LOG.warn(
          "baseline {} deleted, but this instance no longer leads; the leader cleans up", name);
      return DeleteControl.noFinalizerRemoval();
    }
    Snapshot snapshot = cluster.snapshot();
    for (Control control : evaluator.controls()) {
      for (Class<? extends HasMetadata> type : control.ownedTypes()) {
        for (HasMetadata object : snapshot.all(type)) {
          if (ManagedObjects.isManagedBy(object, name)) {
            client.resource(object).delete();
            record.removed(
                name, null, ResourceRef.of(object), "its baseline was deleted", control.name());
          }
        }
      }
    }
    record.baselineDeleted(baseline);
    reports.removeAll(name);
    evaluations.forget(name);
    metrics.forget(name);
    remediator.forget(name);
    LOG.info("baseline {} deleted; removed what it made", name);
    return DeleteControl.defaultDelete();
  }
}
