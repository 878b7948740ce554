package dev.rempart.core.controls.vulnerabilities;

import dev.rempart.api.trivy.Vulnerability;
import dev.rempart.api.trivy.VulnerabilityReport;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import dev.rempart.api.v1alpha1.VulnerabilitiesSpec;
import dev.rempart.api.v1alpha1.VulnerabilityFirstSeen;
import dev.rempart.core.Control;
import dev.rempart.core.ControlContext;
import dev.rempart.core.ControlResult;
import dev.rempart.core.Evidence;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import dev.rempart.core.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Clause 4.7.3: critical and high vulnerabilities fixed within 30 days, medium within 90. Rempart
 * does not scan images: it reads the VulnerabilityReports Trivy Operator writes (one per workload
 * container) and counts each vulnerability's days from when it was first seen in the image's
 * repository, as the first-seen store remembers it ({@link FirstSeenLedger}). Audit only: Rempart
 * cannot patch an image.
 *
 * <p>Checks, all citing 4.7.3, one finding per workload container and severity:
 *
 * <ul>
 *   <li>{@code slaBreached} (the vulnerability's severity): past the due date, with how long;
 *   <li>{@code dueSoon} (low, advisory): due within {@code dueSoonDays};
 *   <li>{@code unfixable} (low, advisory): no fixed version exists, so no deadline runs out.
 * </ul>
 *
 * <p>Evidence per governed namespace: what its reports show, or not verifiable when it runs
 * workloads but has no VulnerabilityReport (no scanner, or one that does not cover it).
 */
public final class VulnerabilitiesControl implements Control {
  public static final String NAME = "vulnerabilities";
  public static final String CLAUSE = "4.7.3";
  static final String EVIDENCE_CHECK = "slaTracking";

  /** The checks of its findings, one per SLA state that makes one. */
  public static final List<String> CHECKS = List.of("slaBreached", "dueSoon", "unfixable");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String clauses() {
    return CLAUSE;
  }

  @Override
  public Optional<VulnerabilitiesSpec> section(SecurityBaselineSpec spec) {
    return Optional.ofNullable(spec.getVulnerabilities());
  }

  @Override
  public List<Class<? extends HasMetadata>> inputs() {
    List<Class<? extends HasMetadata>> inputs = new ArrayList<>();
    inputs.add(VulnerabilityReport.class);
    inputs.add(VulnerabilityFirstSeen.class);
    inputs.addAll(Workloads.KINDS);
    return inputs;
  }

  @Override
  public List<Class<? extends HasMetadata>> ownedTypes() {
    return List.of();
  }

  /** Due soon and unfixable are warnings: they do not make the clause non-compliant. */
  @Override
  public boolean advisory(Finding finding) {
    return !SlaState.BREACHED.check().equals(finding.check());
  }

  @Override
  public void evaluateNamespace(
      ControlContext context, Namespace ns, ControlResult.Builder result) {
    String namespace = ns.getMetadata().getName();
    List<VulnerabilityReport> reports =
        context.snapshot().inNamespace(VulnerabilityReport.class, namespace);
    if (reports.isEmpty()) {
      int workloads = Workloads.inNamespace(context.snapshot(), namespace).size();
      if (workloads > 0) {
        result.evidence(notVerifiable(namespace, workloads));
      }
      return;
    }
    VulnerabilitiesSpec spec = context.baseline().getSpec().getVulnerabilities();
    SlaPolicy policy = new SlaPolicy(spec);
    VulnerabilityAssessor assessor =
        new VulnerabilityAssessor(
            policy,
            spec.effectiveReappearance(),
            new ClockLookup(context.snapshot()),
            context.now());
    Tally tally = new Tally();
    for (VulnerabilityReport report : reports) {
      assessReport(report, assessor, context.now(), tally, result);
    }
    result.evidence(tally.evidence(namespace, reports.size()));
  }

  private static void assessReport(
      VulnerabilityReport report,
      VulnerabilityAssessor assessor,
      Instant now,
      Tally tally,
      ControlResult.Builder result) {
    String repository = ScannedImage.repository(report);
    List<Vulnerability> vulnerabilities = report.getReport().getVulnerabilities();
    if (repository == null || vulnerabilities == null) {
      return;
    }
    Instant scannedAt = ScannedImage.scannedAt(report);
    // By state, then by severity, most severe first: one finding each.
    Map<SlaState, Map<Severity, List<AssessedVulnerability>>> grouped =
        new EnumMap<>(SlaState.class);
    for (Vulnerability v : vulnerabilities) {
      if (ScannedImage.blank(v.getVulnerabilityID())) {
        continue;
      }
      AssessedVulnerability a = assessor.assess(repository, scannedAt, v);
      tally.count(a, repository);
      result.revisitAt(assessor.nextChange(a));
      if (a.state().check() != null) {
        grouped
            .computeIfAbsent(a.state(), s -> new TreeMap<>())
            .computeIfAbsent(
                a.severity() == null ? Severity.LOW : a.severity(), s -> new ArrayList<>())
            .add(a);
      }
    }
    ResourceRef workload = ScannedImage.workload(report);
    String image = ScannedImage.image(report);
    String container = ScannedImage.container(report);
    grouped.forEach(
        (state, bySeverity) ->
            bySeverity.forEach(
                (severity, items) ->
                    result.finding(
                        Finding.of(
                            NAME,
                            state.check(),
                            CLAUSE,
                            state == SlaState.BREACHED ? severity : Severity.LOW,
                            workload,
                            FindingText.of(state, severity.id(), items, image, container, now)))));
  }

  private static Evidence notVerifiable(String namespace, int workloads) {
    return new Evidence(
        NAME,
        EVIDENCE_CHECK,
        CLAUSE,
        Evidence.Status.NOT_VERIFIABLE,
        ResourceRef.namespace(namespace),
        "The namespace runs "
            + workloads
            + (workloads == 1 ? " workload" : " workloads")
            + " but has no VulnerabilityReport: nothing tells what vulnerabilities its images"
            + " hold (is Trivy Operator installed, and does it scan this namespace?).");
  }
}
