package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.api.v1alpha1.SecurityBaselineStatus;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Evidence;
import dev.rempart.core.Finding;
import dev.rempart.core.Governance;
import dev.rempart.core.OldestOpen;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import dev.rempart.core.status.CriticalFindingClock;
import dev.rempart.core.status.StatusCalculator;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the operator's metrics say after evaluations, read back from the Prometheus text. */
class OperatorMetricsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private final MutableClock clock = new MutableClock(T0);
  private final OperatorMetrics metrics = new OperatorMetrics(clock);

  private final java.util.Map<OperatorMetrics, CriticalFindingClock> clocks =
      new java.util.IdentityHashMap<>();

  @Test
  void theOldestCriticalFindingAgesFromWhenItWasFirstSeenUntilItIsResolved() {
    Finding privileged = critical("team-a", "web", "Pod web runs privileged; remove it.");
    evaluate("prod", List.of("team-a"), privileged);
    assertThat(value("rempart_oldest_critical_finding_age_seconds{baseline=\"prod\"}")).isZero();

    clock.advance(Duration.ofMinutes(20));
    // Same finding, another message (its details changed): the clock keeps running.
    evaluate(
        "prod", List.of("team-a"), critical("team-a", "web", "Pod web (2 containers) runs ..."));
    clock.advance(Duration.ofSeconds(30));
    assertThat(value("rempart_oldest_critical_finding_age_seconds{baseline=\"prod\"}"))
        .isEqualTo(20 * 60 + 30);

    evaluate("prod", List.of("team-a"));
    assertThat(value("rempart_oldest_critical_finding_age_seconds{baseline=\"prod\"}")).isZero();

    clock.advance(Duration.ofMinutes(5));
    evaluate("prod", List.of("team-a"), privileged);
    clock.advance(Duration.ofSeconds(10));
    assertThat(value("rempart_oldest_critical_finding_age_seconds{baseline=\"prod\"}"))
        .as("a finding that comes back starts a new clock")
        .isEqualTo(10);
  }

  @Test
  void findingsAreCountedByClauseAndSeverityWithoutNamingNamespacesOrObjects() {
    evaluate(
        "prod",
        List.of("team-a", "team-b", "team-c"),
        critical("team-a", "web", "privileged"),
        critical("team-b", "api", "privileged"),
        high("team-a"),
        high("team-b"));

    String text = metrics.scrape();
    assertThat(
            value(
                "rempart_findings{baseline=\"prod\",clause=\"4.3\",control=\"podSecurity\","
                    + "severity=\"critical\"}"))
        .isEqualTo(2);
    assertThat(
            value(
                "rempart_findings{baseline=\"prod\",clause=\"4.4\",control=\"network\","
                    + "severity=\"high\"}"))
        .isEqualTo(2);
    assertThat(value("rempart_governed_namespaces{baseline=\"prod\"}")).isEqualTo(3);
    assertThat(value("rempart_compliant_namespaces{baseline=\"prod\"}")).isEqualTo(1);
    assertThat(value("rempart_baseline_ready{baseline=\"prod\"}")).isEqualTo(1);
    assertThat(text).doesNotContain("team-a", "team-b", "team-c", "\"web\"", "\"api\"");

    evaluate("prod", List.of("team-a", "team-b", "team-c"), high("team-a"));
    assertThat(metrics.scrape())
        .as("resolved findings leave no stale series")
        .doesNotContain("severity=\"critical\"");
    assertThat(
            value(
                "rempart_findings{baseline=\"prod\",clause=\"4.4\",control=\"network\","
                    + "severity=\"high\"}"))
        .isEqualTo(1);
  }

  @Test
  void vulnerabilityFindingsAreCountedBySlaState() {
    evaluate(
        "prod",
        List.of("team-a"),
        vulnerability("slaBreached", Severity.CRITICAL, "web"),
        vulnerability("slaBreached", Severity.HIGH, "web"),
        vulnerability("dueSoon", Severity.LOW, "api"));
    assertThat(value("rempart_vulnerability_findings{baseline=\"prod\",state=\"slaBreached\"}"))
        .isEqualTo(2);
    assertThat(value("rempart_vulnerability_findings{baseline=\"prod\",state=\"dueSoon\"}"))
        .isEqualTo(1);
    assertThat(value("rempart_vulnerability_findings{baseline=\"prod\",state=\"unfixable\"}"))
        .isZero();
    // A breached critical is a critical finding: the oldest-critical clock counts it.
    assertThat(metrics.scrape()).contains("rempart_oldest_critical_finding_age_seconds");

    evaluate("prod", List.of("team-a"), vulnerability("dueSoon", Severity.LOW, "api"));
    assertThat(value("rempart_vulnerability_findings{baseline=\"prod\",state=\"slaBreached\"}"))
        .isZero();
  }

  private static Finding vulnerability(String check, Severity severity, String workload) {
    return Finding.of(
        "vulnerabilities",
        check,
        "4.7.3",
        severity,
        new ResourceRef("apps/v1", "Deployment", "team-a", workload),
        "CVE-1 ...");
  }

  @Test
  void driftRepairsAndErrorsAreCountedByKindAndOperation() {
    metrics.driftDetected("prod", "NetworkPolicy");
    metrics.driftDetected("prod", "NetworkPolicy");
    metrics.driftRepaired("prod", "NetworkPolicy");
    metrics.remediationFailed("prod", "apply");
    metrics.evaluationFailed("prod");

    assertThat(value("rempart_drift_detected_total{baseline=\"prod\",kind=\"NetworkPolicy\"}"))
        .isEqualTo(2);
    assertThat(value("rempart_drift_repaired_total{baseline=\"prod\",kind=\"NetworkPolicy\"}"))
        .isEqualTo(1);
    assertThat(value("rempart_remediation_errors_total{baseline=\"prod\",operation=\"apply\"}"))
        .isEqualTo(1);
    assertThat(value("rempart_evaluation_errors_total{baseline=\"prod\"}")).isEqualTo(1);
  }

  @Test
  void deferredRepairsAreCountedByKindWithoutNamingObjects() {
    metrics.repairDeferred("prod", "NetworkPolicy");
    metrics.repairDeferred("prod", "NetworkPolicy");
    assertThat(value("rempart_repairs_deferred_total{baseline=\"prod\",kind=\"NetworkPolicy\"}"))
        .isEqualTo(2);
  }

  @Test
  void anEvaluationIsTimedInAHistogramOfFewBuckets() {
    evaluate("prod", List.of("team-a"));
    String text = metrics.scrape();
    assertThat(value("rempart_evaluation_seconds_count{baseline=\"prod\"}")).isEqualTo(1);
    assertThat(Pattern.compile("rempart_evaluation_seconds_bucket\\{").matcher(text).results())
        .hasSize(11); // ten bounds and +Inf
  }

  @Test
  void aDeletedBaselineLeavesNoGauges() {
    evaluate("prod", List.of("team-a"), critical("team-a", "web", "privileged"));
    evaluate("staging", List.of("team-s"));
    metrics.forget("prod");

    String text = metrics.scrape();
    assertThat(text).doesNotContain("rempart_governed_namespaces{baseline=\"prod\"}");
    assertThat(text).doesNotContain("rempart_findings{baseline=\"prod\"");
    assertThat(value("rempart_governed_namespaces{baseline=\"staging\"}")).isEqualTo(1);
  }

  @Test
  void anInvalidBaselineIsNotReady() {
    evaluate("prod", List.of("team-a"));
    metrics.invalid("prod");
    assertThat(value("rempart_baseline_ready{baseline=\"prod\"}")).isZero();
  }

  @Test
  void theOldestCriticalFindingsAgeSurvivesAChangeOfLeader() {
    Finding privileged = critical("team-a", "web", "privileged");
    SecurityBaselineStatus written = evaluate("prod", List.of("team-a"), privileged);
    assertThat(written.getSummary().getOldestCritical())
        .satisfies(o -> assertThat(o.getSince()).isEqualTo(T0.toString()))
        .satisfies(o -> assertThat(o.getName()).isEqualTo("web"));
    clock.advance(Duration.ofMinutes(10));

    OperatorMetrics nextLeader = new OperatorMetrics(clock);
    SecurityBaselineStatus next =
        evaluate(nextLeader, "prod", List.of("team-a"), written, privileged);

    assertThat(value(nextLeader, "rempart_oldest_critical_finding_age_seconds{baseline=\"prod\"}"))
        .isEqualTo(600);
    assertThat(next.getSummary().getOldestCritical())
        .isEqualTo(written.getSummary().getOldestCritical());
  }

  @Test
  void aRecordedCriticalFindingThatIsGoneStartsNoClock() {
    SecurityBaselineStatus written =
        evaluate("prod", List.of("team-a"), critical("team-a", "web", "privileged"));
    clock.advance(Duration.ofMinutes(10));

    OperatorMetrics nextLeader = new OperatorMetrics(clock);
    SecurityBaselineStatus next =
        evaluate(nextLeader, "prod", List.of("team-a"), written, critical("team-a", "db", "x"));

    assertThat(value(nextLeader, "rempart_oldest_critical_finding_age_seconds{baseline=\"prod\"}"))
        .isZero();
    assertThat(next.getSummary().getOldestCritical().getName()).isEqualTo("db");
    assertThat(next.getSummary().getOldestCritical().getSince())
        .isEqualTo(clock.instant().toString());
  }

  @Test
  void theOldestOpenCriticalVulnerabilityAgesFromTheFirstSeenTheStatusCarries() {
    Instant firstSeen = T0.minus(Duration.ofDays(12));
    SecurityBaselineStatus status =
        evaluateVulnerabilities(
            "prod",
            new OldestOpen("CVE-2026-1 (openssl) in ghcr.io/org/web", firstSeen),
            new OldestOpen("CVE-2026-2 (curl) in ghcr.io/org/api", T0.minus(Duration.ofDays(2))));
    assertThat(status.getSummary().getVulnerabilities().getOldestOpenCritical())
        .isEqualTo("CVE-2026-1 (openssl) in ghcr.io/org/web");
    assertThat(status.getSummary().getVulnerabilities().getOldestOpenCriticalNamespace())
        .isEqualTo("ns-0");
    assertThat(status.getSummary().getVulnerabilities().getOldestOpenCriticalSince())
        .isEqualTo(firstSeen.toString());
    String series = "rempart_vulnerability_oldest_open_critical_age_seconds{baseline=\"prod\"}";
    assertThat(value(series)).isEqualTo(12 * 86400);

    // Read at scrape time: the age grows between evaluations.
    clock.advance(Duration.ofHours(1));
    assertThat(value(series)).isEqualTo(12 * 86400 + 3600);

    // Fixed: none open, 0 (the series stays while the baseline tracks vulnerabilities).
    evaluateVulnerabilities("prod");
    assertThat(value(series)).isZero();
  }

  @Test
  void aBaselineWithoutTheVulnerabilitiesControlHasNoOldestVulnerabilitySeries() {
    evaluate("prod", List.of("team-a"), high("team-a"));
    assertThat(metrics.scrape())
        .doesNotContain("rempart_vulnerability_oldest_open_critical_age_seconds{");
  }

  /** One evaluation of a baseline that runs the vulnerabilities control, with this evidence. */
  private SecurityBaselineStatus evaluateVulnerabilities(String baseline, OldestOpen... oldest) {
    List<Evidence> evidence = new java.util.ArrayList<>();
    for (int i = 0; i < oldest.length; i++) {
      evidence.add(
          new Evidence(
              "vulnerabilities",
              "slaTracking",
              "4.7.3",
              Evidence.Status.COMPLIANT,
              ResourceRef.namespace("ns-" + i),
              "reports read",
              oldest[i]));
    }
    EvaluationResult result =
        new EvaluationResult(
            baseline,
            clock.instant(),
            new Governance(List.of(), List.of()),
            List.of(new EvaluationResult.ControlRun("vulnerabilities", "4.7.3", Mode.Audit)),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            evidence,
            List.of());
    SecurityBaseline resource = new SecurityBaseline();
    resource.setMetadata(new ObjectMetaBuilder().withName(baseline).withGeneration(1L).build());
    SecurityBaselineStatus status = StatusCalculator.compute(resource, result, List.of(), null);
    metrics.evaluated(baseline, List.of(), status, Duration.ofMillis(30));
    return status;
  }

  private SecurityBaselineStatus evaluate(
      String baseline, List<String> namespaces, Finding... open) {
    return evaluate(metrics, baseline, namespaces, null, open);
  }

  private SecurityBaselineStatus evaluate(
      OperatorMetrics target,
      String baseline,
      List<String> namespaces,
      SecurityBaselineStatus previous,
      Finding... open) {
    List<Namespace> governed =
        namespaces.stream()
            .map(n -> new NamespaceBuilder().withNewMetadata().withName(n).endMetadata().build())
            .toList();
    EvaluationResult result =
        new EvaluationResult(
            baseline,
            clock.instant(),
            new Governance(governed, List.of()),
            List.of(),
            List.of(open),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of());
    SecurityBaseline resource = new SecurityBaseline();
    resource.setMetadata(new ObjectMetaBuilder().withName(baseline).withGeneration(1L).build());
    SecurityBaselineStatus status = StatusCalculator.compute(resource, result, List.of(open), null);
    // As the reconciler does: the clock lives with the status computation (one per process),
    // resumed from the previous status, and the metrics read the status.
    CriticalFindingClock critical =
        clocks.containsKey(target)
            ? clocks.get(target)
            : CriticalFindingClock.resumedFrom(
                previous == null ? null : previous.getSummary().getOldestCritical());
    critical = critical.advance(List.of(open), clock.instant());
    clocks.put(target, critical);
    status.getSummary().setOldestCritical(critical.oldest());
    target.evaluated(baseline, List.of(open), status, Duration.ofMillis(30));
    return status;
  }

  private static Finding critical(String namespace, String pod, String message) {
    return Finding.of(
        "podSecurity",
        "privileged",
        "4.3",
        Severity.CRITICAL,
        new ResourceRef("v1", "Pod", namespace, pod),
        message);
  }

  private static Finding high(String namespace) {
    return Finding.of(
        "network",
        "defaultDeny",
        "4.4",
        Severity.HIGH,
        ResourceRef.namespace(namespace),
        "No default-deny policy.");
  }

  /** The value of one series in the scrape, e.g. {@code metric{label="x"}}; fails if absent. */
  private double value(String series) {
    return value(metrics, series);
  }

  private static double value(OperatorMetrics source, String series) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(source.scrape());
    assertThat(m.find()).as("series %s in%n%s", series, source.scrape()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
