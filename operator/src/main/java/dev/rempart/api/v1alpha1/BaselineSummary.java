package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The baseline's reach and its open findings, counted. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BaselineSummary {
  @JsonPropertyDescription("Namespaces this baseline governs and acts on.")
  private int governedNamespaces;

  @JsonPropertyDescription("Governed namespaces with no open finding.")
  private int compliantNamespaces;

  @JsonPropertyDescription(
      "Namespaces selected by this baseline and by another one; the older baseline acts there.")
  private int conflictingNamespaces;

  @JsonPropertyDescription("Open findings by severity.")
  private FindingCounts findings = new FindingCounts();

  @JsonPropertyDescription(
      "Findings covered by an active BaselineException: neither open nor compliant.")
  private int excepted;

  @JsonPropertyDescription(
      "Objects Rempart would create, restore or remove in Enforce but does not, because an"
          + " active BaselineException covers them.")
  private int heldBack;

  @JsonPropertyDescription("Findings fixed by Rempart in the last evaluation (Enforce).")
  private int remediated;

  @JsonPropertyDescription(
      "The critical finding open the longest and since when: its age survives a restart or a"
          + " change of leader.")
  private OldestCriticalFinding oldestCritical;

  @JsonPropertyDescription(
      "The vulnerabilities control's figures (clause 4.7.3); present when the baseline enables it.")
  private VulnerabilitySummary vulnerabilities;

  @JsonPropertyDescription("A few of the open findings, most severe first.")
  @Size(max = SummaryLimits.EXAMPLES)
  private List<String> examples = new ArrayList<>();

  public int getGovernedNamespaces() {
    return governedNamespaces;
  }

  public void setGovernedNamespaces(int governedNamespaces) {
    this.governedNamespaces = governedNamespaces;
  }

  public int getCompliantNamespaces() {
    return compliantNamespaces;
  }

  public void setCompliantNamespaces(int compliantNamespaces) {
    this.compliantNamespaces = compliantNamespaces;
  }

  public int getConflictingNamespaces() {
    return conflictingNamespaces;
  }

  public void setConflictingNamespaces(int conflictingNamespaces) {
    this.conflictingNamespaces = conflictingNamespaces;
  }

  public FindingCounts getFindings() {
    return findings;
  }

  public void setFindings(FindingCounts findings) {
    this.findings = findings;
  }

  public int getExcepted() {
    return excepted;
  }

  public void setExcepted(int excepted) {
    this.excepted = excepted;
  }

  public int getHeldBack() {
    return heldBack;
  }

  public void setHeldBack(int heldBack) {
    this.heldBack = heldBack;
  }

  public int getRemediated() {
    return remediated;
  }

  public void setRemediated(int remediated) {
    this.remediated = remediated;
  }

  public OldestCriticalFinding getOldestCritical() {
    return oldestCritical;
  }

  public void setOldestCritical(OldestCriticalFinding oldestCritical) {
    this.oldestCritical = oldestCritical;
  }

  public VulnerabilitySummary getVulnerabilities() {
    return vulnerabilities;
  }

  public void setVulnerabilities(VulnerabilitySummary vulnerabilities) {
    this.vulnerabilities = vulnerabilities;
  }

  public List<String> getExamples() {
    return examples;
  }

  public void setExamples(List<String> examples) {
    this.examples = examples;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BaselineSummary s
        && governedNamespaces == s.governedNamespaces
        && compliantNamespaces == s.compliantNamespaces
        && conflictingNamespaces == s.conflictingNamespaces
        && remediated == s.remediated
        && excepted == s.excepted
        && heldBack == s.heldBack
        && Objects.equals(findings, s.findings)
        && Objects.equals(oldestCritical, s.oldestCritical)
        && Objects.equals(vulnerabilities, s.vulnerabilities)
        && Objects.equals(examples, s.examples);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        governedNamespaces,
        compliantNamespaces,
        conflictingNamespaces,
        findings,
        remediated,
        excepted,
        heldBack);
  }
}
