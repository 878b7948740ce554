package dev.rempart.cli.audit;

import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.cli.input.InputSummary;
import dev.rempart.cli.input.Location;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import dev.rempart.core.exceptions.ExceptionAssessment;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an offline audit produced, as the formatters need it.
 *
 * @param rempartVersion the version of Rempart that ran it
 * @param baselineName the baseline applied
 * @param baselineSource the file it came from, or the built-in one
 * @param baselineMode the baseline's mode
 * @param failOn the severity from which the audit fails
 * @param controls each control that ran, with what it examined
 * @param findings every finding, most severe first, with where its object was read
 * @param input what was read and skipped
 * @param governedNamespaces the namespaces the baseline governs, by name
 * @param impliedNamespaces the namespaces synthesised because objects are placed in them
 * @param exceptions every BaselineException read, assessed
 * @param coverage what was audited and what was not, and why
 * @param scope whose findings count toward {@code --fail-on}
 * @param findingsBaseline the {@code --baseline-findings} file, or null: findings it holds are
 *     existing and never fail the audit
 */
public record AuditReport(
    String rempartVersion,
    String baselineName,
    String baselineSource,
    Mode baselineMode,
    FailOn failOn,
    List<ControlAudit> controls,
    List<LocatedFinding> findings,
    InputSummary input,
    List<String> governedNamespaces,
    List<String> impliedNamespaces,
    List<ExceptionAssessment> exceptions,
    Coverage coverage,
    FindingScope scope,
    String findingsBaseline) {

  public AuditReport {
    exceptions = List.copyOf(exceptions);
    controls = List.copyOf(controls);
    findings = List.copyOf(findings);
    governedNamespaces = List.copyOf(governedNamespaces);
    impliedNamespaces = List.copyOf(impliedNamespaces);
  }

  /**
   * One control as it ran.
   *
   * @param name the control ({@code network})
   * @param clauses the clauses it implements
   * @param mode the mode it ran in
   * @param examined the objects it looked at (governed namespaces first)
   */
  public record ControlAudit(String name, String clauses, Mode mode, List<ResourceRef> examined) {
    public ControlAudit {
      examined = List.copyOf(examined);
    }
  }

  /**
   * A finding and where its object was read, when known.
   *
   * @param finding the finding
   * @param location the file and line, or null (an object no file holds)
   * @param owner who fixes it
   * @param fingerprint its identity across runs ({@link Fingerprints})
   * @param existing true when the {@code --baseline-findings} file already holds it
   */
  public record LocatedFinding(
      Finding finding, Location location, Owner owner, String fingerprint, boolean existing) {
    public Optional<Location> where() {
      return Optional.ofNullable(location);
    }

    /**
     * True when it fails the audit: at or above the threshold, not excepted, not already in the
     * findings baseline, and owned by whom the scope counts.
     */
    public boolean fails(FailOn failOn, FindingScope scope) {
      return !finding.excepted()
          && !existing
          && scope.counts(owner)
          && failOn.fails(finding.severity());
    }
  }

  /** True when this finding fails this audit. */
  public boolean fails(LocatedFinding finding) {
    return finding.fails(failOn, scope);
  }

  /** True when a finding is at or above {@link #failOn}: the exit code is then 1. */
  public boolean failed() {
    return findings.stream().anyMatch(this::fails);
  }

  /** The findings Rempart remediates itself in Enforce (owned by the platform). */
  public long platformCount() {
    return findings.stream().filter(f -> f.owner() == Owner.PLATFORM).count();
  }

  /** The findings the {@code --baseline-findings} file already holds. */
  public long existingCount() {
    return findings.stream().filter(LocatedFinding::existing).count();
  }

  /** The findings an active BaselineException covers: reported, never failing the audit. */
  public long exceptedCount() {
    return findings.stream().filter(f -> f.finding().excepted()).count();
  }

  /** How many findings of each severity, every severity present (zero included). */
  public Map<Severity, Long> countBySeverity() {
    Map<Severity, Long> counts = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      counts.put(s, 0L);
    }
    findings.forEach(f -> counts.merge(f.finding().severity(), 1L, Long::sum));
    return counts;
  }

  /** {@code 2 high, 1 medium}, or {@code no findings}. */
  public String severityLine() {
    StringBuilder out = new StringBuilder();
    countBySeverity()
        .forEach(
            (severity, count) -> {
              if (count > 0) {
                out.append(out.length() == 0 ? "" : ", ").append(count).append(' ');
                out.append(severity.id());
              }
            });
    long excepted = exceptedCount();
    if (excepted > 0) {
      out.append(", ").append(excepted).append(" of them excepted");
    }
    long existing = existingCount();
    if (findingsBaseline != null && out.length() > 0) {
      out.append(", ").append(findings.size() - existing).append(" new");
    }
    return out.length() == 0 ? "no findings" : out.toString();
  }
}
