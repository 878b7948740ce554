package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Clause 4.7.3: critical and high vulnerabilities fixed within 30 days, medium within 90. Rempart
 * reads the VulnerabilityReports Trivy Operator writes and keeps, per image repository, when each
 * vulnerability was first seen. It cannot patch an image: the control reports, it never enforces.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.mode) || self.mode == 'Audit'",
    message =
        "the vulnerabilities control is Audit only: Rempart cannot patch images (remove mode or"
            + " set it to Audit)")
public class VulnerabilitiesSpec implements ControlSection {
  public static final int DEFAULT_DUE_SOON_DAYS = 7;

  @JsonPropertyDescription(
      "Audit only (the default): Rempart cannot patch an image, so Enforce is refused. A baseline"
          + " in Enforce still runs this control in Audit.")
  private Mode mode;

  @JsonPropertyDescription(
      "Days allowed to fix a vulnerability, by severity, counted from when Rempart first saw it"
          + " in the image's repository. Defaults: critical 30, high 30, medium 90, low none.")
  private VulnerabilitySla sla;

  @JsonPropertyDescription(
      "A vulnerability whose due date is within this many days is reported as due soon"
          + " (default 7).")
  @Default("7")
  @Min(0)
  @Max(365)
  private Integer dueSoonDays;

  @JsonPropertyDescription(
      "Where a vulnerability's severity comes from: Report (default, the severity Trivy wrote) or"
          + " Score (the CVSS score: 9.0 and above critical, 7.0 high, 4.0 medium, else low;"
          + " the report's severity when there is no score).")
  @Default("Report")
  private SeveritySource severityFrom;

  @JsonPropertyDescription(
      "What the clock does when a vulnerability that had gone from every image of its"
          + " repository comes back: Resume (default) counts the days it was open before, Restart"
          + " counts from its return. A return within a day of its disappearance (a report"
          + " re-created, a rescan) is no return: the clock ran on.")
  @Default("Resume")
  private Reappearance reappearance;

  @Override
  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  /** Audit, whatever the baseline's mode: nothing here can be enforced. */
  @Override
  public Mode effectiveMode(Mode baselineMode) {
    return Mode.Audit;
  }

  public VulnerabilitySla getSla() {
    return sla;
  }

  public void setSla(VulnerabilitySla sla) {
    this.sla = sla;
  }

  public Integer getDueSoonDays() {
    return dueSoonDays;
  }

  public void setDueSoonDays(Integer dueSoonDays) {
    this.dueSoonDays = dueSoonDays;
  }

  public SeveritySource getSeverityFrom() {
    return severityFrom;
  }

  public void setSeverityFrom(SeveritySource severityFrom) {
    this.severityFrom = severityFrom;
  }

  public Reappearance getReappearance() {
    return reappearance;
  }

  public void setReappearance(Reappearance reappearance) {
    this.reappearance = reappearance;
  }

  public VulnerabilitySla effectiveSla() {
    return sla == null ? new VulnerabilitySla() : sla;
  }

  public int effectiveDueSoonDays() {
    return dueSoonDays == null ? DEFAULT_DUE_SOON_DAYS : dueSoonDays;
  }

  public SeveritySource effectiveSeverityFrom() {
    return severityFrom == null ? SeveritySource.Report : severityFrom;
  }

  public Reappearance effectiveReappearance() {
    return reappearance == null ? Reappearance.Resume : reappearance;
  }

  /** Where a vulnerability's severity comes from. */
  public enum SeveritySource {
    /** The severity written in the VulnerabilityReport. */
    Report,
    /** The CVSS score, when the report has one. */
    Score
  }

  /** What the clock of a vulnerability that comes back does. */
  public enum Reappearance {
    /** The days it was open before count: the clock goes on from where it stopped. */
    Resume,
    /** The clock starts again from the return. */
    Restart
  }
}
