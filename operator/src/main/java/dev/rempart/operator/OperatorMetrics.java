package dev.rempart.operator;

import dev.rempart.api.v1alpha1.OldestCriticalFinding;
import dev.rempart.api.v1alpha1.SecurityBaselineStatus;
import dev.rempart.api.v1alpha1.VulnerabilitySummary;
import dev.rempart.core.Finding;
import dev.rempart.core.IncrementalEvaluation;
import dev.rempart.core.controls.vulnerabilities.VulnerabilitiesControl;
import dev.rempart.core.status.Conditions;
import dev.rempart.operator.policyreports.ReportPublisher;
import io.fabric8.kubernetes.api.model.Condition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's Prometheus metrics, fed by the reconciler and the remediator.
 *
 * <p>Labels are only ever a baseline's name, a control, a clause, a severity, an object kind or an
 * operation: never a namespace or object name. The number of series therefore follows the number of
 * baselines and controls, not the size of the cluster (a baseline governing 5,000 namespaces has as
 * many series as one governing 5).
 */
public final class OperatorMetrics {
  static final String BASELINE = "baseline";

  /** Buckets of the evaluation-duration histogram: a few, so its series stay few too. */
  private static final Duration[] EVALUATION_BUCKETS = {
    Duration.ofMillis(10),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private final Map<String, BaselineState> baselines = new ConcurrentHashMap<>();
  private final MultiGauge findings;
  private final MultiGauge vulnerabilityFindings;
  private final MultiGauge oldestOpenCriticalVulnerability;

  public OperatorMetrics(Clock clock) {
    this.clock = clock;
    this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.findings =
        MultiGauge.builder("rempart.findings")
            .description(
                "Open findings (after remediation) by baseline, control, clause and severity.")
            .register(registry);
    this.vulnerabilityFindings =
        MultiGauge.builder("rempart.vulnerability.findings")
            .description(
                "Open findings of the vulnerabilities control (clause 4.7.3) by baseline and SLA"
                    + " state (slaBreached, dueSoon, unfixable); each is one workload container"
                    + " and severity.")
            .register(registry);
    this.oldestOpenCriticalVulnerability =
        MultiGauge.builder("rempart.vulnerability.oldest.open.critical.age")
            .description(
                "Seconds since the SLA clock of the oldest open critical vulnerability (a fixed"
                    + " version exists) started, counted from its first-seen time in Rempart's"
                    + " store; 0 when none is open. Only for baselines that enable the"
                    + " vulnerabilities control (clause 4.7.3).")
            .baseUnit("seconds")
            .register(registry);
  }

  /** The registry, for other meters (JOSDK's) and for the {@code /metrics} endpoint. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Counts the policy-report writes sent to the API server: it stays flat while nothing changes,
   * since a report is written only when its content does.
   */
  void countReportWrites(ReportPublisher reports) {
    // Micrometer holds the state object weakly: the publisher itself, which the reconciler keeps,
    // not a method reference that the next GC would clear.
    FunctionCounter.builder("rempart.report.writes", reports, ReportPublisher::writes)
        .description("Policy reports written (server-side apply) because their content changed.")
        .register(registry);
  }

  /** Every metric in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * Records one completed evaluation of a baseline.
   *
   * <p>Also records in {@code status} the critical finding open the longest.
   *
   * @param open the findings still open once Rempart's repairs are in place
   * @param previous the status the baseline had (perhaps written by an earlier leader), or null
   * @param status the status computed from it (governed, compliant, Ready)
   * @param took how long the snapshot and evaluation took
   */
  void evaluated(
      String baseline, List<Finding> open, SecurityBaselineStatus status, Duration took) {
    BaselineState state = state(baseline);
    state.governed = status.getSummary().getGovernedNamespaces();
    state.compliant = status.getSummary().getCompliantNamespaces();
    state.ready = isReady(status) ? 1 : 0;
    state.oldestCriticalSince = since(status.getSummary().getOldestCritical());
    VulnerabilitySummary vulnerabilities = status.getSummary().getVulnerabilities();
    state.tracksVulnerabilities = vulnerabilities != null;
    state.oldestOpenCriticalVulnerabilitySince =
        vulnerabilities == null ? null : parse(vulnerabilities.getOldestOpenCriticalSince());
    Map<Tags, Integer> counts = new HashMap<>();
    for (Finding f : open) {
      counts.merge(
          Tags.of(
              BASELINE,
              baseline,
              "control",
              f.control(),
              "clause",
              f.clause(),
              "severity",
              f.severity().id()),
          1,
          Integer::sum);
    }
    state.findings = Map.copyOf(counts);
    state.vulnerabilityFindings = vulnerabilityCounts(baseline, open);
    publishFindings();
    timed(baseline, took);
  }

  /** Records how long one evaluation round of the baseline took. */
  void timed(String baseline, Duration took) {
    Timer.builder("rempart.evaluation")
        .description("How long reading the cluster snapshot and evaluating a baseline took.")
        .tag(BASELINE, baseline)
        .serviceLevelObjectives(EVALUATION_BUCKETS)
        .register(registry)
        .record(took);
  }

  /**
   * Records the work one round cost: the partitions (namespaces, and the cluster part) evaluated,
   * the objects the controls were handed, and for a round that repaired drift, how many partitions
   * it evaluated to do so (0 when the repair came from the desired objects already known). A
   * regression to whole-cluster work shows as these growing with the cluster rather than with the
   * change.
   */
  void worked(
      String baseline, IncrementalEvaluation.Outcome round, Remediator.Outcome remediation) {
    Counter.builder("rempart.evaluation.partitions")
        .description("Partitions (namespaces, and the cluster part) evaluated.")
        .tag(BASELINE, baseline)
        .register(registry)
        .increment(round.evaluated().size());
    DistributionSummary.builder("rempart.evaluation.objects")
        .description("Objects the controls were handed in one evaluation round.")
        .tag(BASELINE, baseline)
        .register(registry)
        .record(round.objectsRead());
    long repairs =
        round.result().driftToRepair().stream()
            .filter(d -> remediation.applied().contains(d.desired().ref()))
            .count();
    if (repairs > 0) {
      DistributionSummary.builder("rempart.repair.partitions.evaluated")
          .description(
              "Partitions evaluated in a round that repaired drift (0: repaired from the desired"
                  + " objects already known).")
          .tag(BASELINE, baseline)
          .register(registry)
          .record(round.evaluated().size());
    }
  }

  /**
   * The round worked out again which namespaces the baseline governs, over every namespace: at a
   * new generation, the first round, and when another baseline appears, goes or changes its spec.
   * More than that is whole-cluster work that no change asked for.
   */
  void governanceRecomputed(String baseline, long times) {
    Counter.builder("rempart.governance.recomputations")
        .description(
            "Rounds that worked out the governance of every namespace again (a new generation,"
                + " another baseline created, changed or deleted).")
        .tag(BASELINE, baseline)
        .register(registry)
        .increment(times);
  }

  /** The periodic full evaluation found kept results that no change had updated. */
  void resyncCorrected(String baseline, long partitions) {
    Counter.builder("rempart.resync.corrections")
        .description(
            "Partitions the periodic full evaluation found out of date (0 unless a change was"
                + " missed).")
        .tag(BASELINE, baseline)
        .register(registry)
        .increment(partitions);
  }

  /** Counts the watch events that were Rempart's own writes coming back (they start nothing). */
  void countEchoes(WriteLedger ledger) {
    FunctionCounter.builder("rempart.write.echoes", ledger, WriteLedger::echoes)
        .description("Watch events recognised as Rempart's own writes: they start no evaluation.")
        .register(registry);
  }

  /** When the status's oldest critical finding was first seen, or null. */
  private static Instant since(OldestCriticalFinding oldest) {
    return oldest == null ? null : parse(oldest.getSince());
  }

  /** An RFC 3339 time from the status, or null when absent or unreadable. */
  private static Instant parse(String time) {
    if (time == null) {
      return null;
    }
    try {
      return Instant.parse(time);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** A baseline whose spec cannot be evaluated: not Ready, no findings. */
  void invalid(String baseline) {
    BaselineState state = state(baseline);
    state.ready = 0;
    state.findings = Map.of();
    state.tracksVulnerabilities = false;
    publishFindings();
  }

  /** A reconciliation of the baseline failed with an exception. */
  void evaluationFailed(String baseline) {
    counter("rempart.evaluation.errors", "Reconciliations of a baseline that failed.", baseline)
        .increment();
  }

  /** Someone deleted or changed an object Rempart applied. */
  void driftDetected(String baseline, String kind) {
    counter(
            "rempart.drift.detected",
            "Objects Rempart applied that were later deleted or changed, by kind.",
            baseline,
            "kind",
            kind)
        .increment();
  }

  /** Rempart restored a drifted object. */
  void driftRepaired(String baseline, String kind) {
    counter(
            "rempart.drift.repaired",
            "Drifted objects Rempart restored, by kind.",
            baseline,
            "kind",
            kind)
        .increment();
  }

  /**
   * Another writer keeps undoing an object: its repair was put off (back-off). Counted once per
   * deferred repair, not per evaluation that waits.
   */
  void repairDeferred(String baseline, String kind) {
    counter(
            "rempart.repairs.deferred",
            "Repairs Rempart put off because another writer keeps undoing the object, by kind.",
            baseline,
            "kind",
            kind)
        .increment();
  }

  /** Applying ({@code apply}) or deleting ({@code remove}) an object failed. */
  void remediationFailed(String baseline, String operation) {
    counter(
            "rempart.remediation.errors",
            "Objects Rempart could not apply or remove, by operation.",
            baseline,
            "operation",
            operation)
        .increment();
  }

  /** The baseline was deleted: its gauges go (its counters stay, as Prometheus expects). */
  void forget(String baseline) {
    BaselineState state = baselines.remove(baseline);
    if (state != null) {
      state.gauges.forEach(registry::remove);
      publishFindings();
    }
  }

  private Counter counter(String name, String description, String baseline, String... tags) {
    return Counter.builder(name)
        .description(description)
        .tag(BASELINE, baseline)
        .tags(tags)
        .register(registry);
  }

  private static boolean isReady(SecurityBaselineStatus status) {
    Condition ready = Conditions.find(status.getConditions(), Conditions.READY);
    return ready != null && "True".equals(ready.getStatus());
  }

  /** Replaces every row of the findings gauge, so that resolved findings leave no stale series. */
  private synchronized void publishFindings() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (BaselineState state : baselines.values()) {
      state.findings.forEach((tags, count) -> rows.add(MultiGauge.Row.of(tags, count)));
    }
    findings.register(rows, true);
    List<MultiGauge.Row<?>> vulnerabilityRows = new ArrayList<>();
    for (BaselineState state : baselines.values()) {
      state.vulnerabilityFindings.forEach(
          (tags, count) -> vulnerabilityRows.add(MultiGauge.Row.of(tags, count)));
    }
    vulnerabilityFindings.register(vulnerabilityRows, true);
    List<MultiGauge.Row<?>> oldestRows = new ArrayList<>();
    baselines.forEach(
        (name, state) -> {
          if (state.tracksVulnerabilities) {
            oldestRows.add(
                MultiGauge.Row.of(
                    Tags.of(BASELINE, name),
                    state,
                    s -> s.oldestOpenCriticalVulnerabilityAgeSeconds(clock.instant())));
          }
        });
    // Not overwritten: a row reads its baseline's state when scraped, so a row that stays is kept
    // as it is (overwriting removes and re-adds it, and a scrape in between would miss it).
    oldestOpenCriticalVulnerability.register(oldestRows, false);
  }

  /**
   * The vulnerabilities control's open findings by SLA state; while any is open, every state has a
   * row (0 when none), so a dashboard sees breaches go back to 0 while warnings remain.
   */
  private static Map<Tags, Integer> vulnerabilityCounts(String baseline, List<Finding> open) {
    Map<Tags, Integer> counts = new HashMap<>();
    boolean any = false;
    for (Finding f : open) {
      if (VulnerabilitiesControl.NAME.equals(f.control())) {
        any = true;
        counts.merge(Tags.of(BASELINE, baseline, "state", f.check()), 1, Integer::sum);
      }
    }
    if (any) {
      for (String state : VulnerabilitiesControl.CHECKS) {
        counts.putIfAbsent(Tags.of(BASELINE, baseline, "state", state), 0);
      }
    }
    return Map.copyOf(counts);
  }

  private BaselineState state(String baseline) {
    return baselines.computeIfAbsent(baseline, this::register);
  }

  private BaselineState register(String baseline) {
    BaselineState state = new BaselineState();
    state.gauges.add(
        Gauge.builder("rempart.governed.namespaces", state, s -> s.governed)
            .description("Namespaces the baseline governs.")
            .tag(BASELINE, baseline)
            .register(registry));
    state.gauges.add(
        Gauge.builder("rempart.compliant.namespaces", state, s -> s.compliant)
            .description("Governed namespaces without any open finding.")
            .tag(BASELINE, baseline)
            .register(registry));
    state.gauges.add(
        Gauge.builder("rempart.baseline.ready", state, s -> s.ready)
            .description("1 when the baseline's Ready condition is True, else 0.")
            .tag(BASELINE, baseline)
            .register(registry));
    state.gauges.add(
        Gauge.builder(
                "rempart.oldest.critical.finding.age",
                state,
                s -> s.oldestCriticalAgeSeconds(clock.instant()))
            .description(
                "Seconds since the oldest critical finding still open was first seen by this"
                    + " operator instance; 0 when none is open. Clause 7.1's incident clock starts"
                    + " from it.")
            .baseUnit("seconds")
            .tag(BASELINE, baseline)
            .register(registry));
    return state;
  }

  /** What one baseline's gauges read. */
  private static final class BaselineState {
    final List<Meter> gauges = new ArrayList<>();
    volatile double governed;
    volatile double compliant;
    volatile double ready;
    volatile Map<Tags, Integer> findings = Map.of();
    volatile Map<Tags, Integer> vulnerabilityFindings = Map.of();

    /** First seen of the critical finding open the longest, as the status says; null if none. */
    volatile Instant oldestCriticalSince;

    /** True when the baseline enables the vulnerabilities control, as the status says. */
    volatile boolean tracksVulnerabilities;

    /** When the SLA clock of the oldest open critical vulnerability started; null if none. */
    volatile Instant oldestOpenCriticalVulnerabilitySince;

    double oldestCriticalAgeSeconds(Instant now) {
      return ageSeconds(oldestCriticalSince, now);
    }

    double oldestOpenCriticalVulnerabilityAgeSeconds(Instant now) {
      return ageSeconds(oldestOpenCriticalVulnerabilitySince, now);
    }

    private static double ageSeconds(Instant since, Instant now) {
      return since == null ? 0.0 : Math.max(0, Duration.between(since, now).toMillis() / 1000.0);
    }
  }
}
