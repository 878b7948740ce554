package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One control's state: its mode, its open findings and a few examples. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ControlStatus {
  @JsonPropertyDescription("The control, as named in the spec (network, podSecurity, ...).")
  private String name;

  @JsonPropertyDescription("The addendum clauses the control implements.")
  private String clauses;

  @JsonPropertyDescription("The mode the control ran in.")
  private Mode mode;

  @JsonPropertyDescription("Open findings by severity.")
  private FindingCounts findings = new FindingCounts();

  @JsonPropertyDescription("Findings covered by an active BaselineException.")
  private int excepted;

  @JsonPropertyDescription("A few of the open findings, most severe first.")
  @Size(max = SummaryLimits.EXAMPLES)
  private List<String> examples = new ArrayList<>();

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getClauses() {
    return clauses;
  }

  public void setClauses(String clauses) {
    this.clauses = clauses;
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
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

  public List<String> getExamples() {
    return examples;
  }

  public void setExamples(List<String> examples) {
    this.examples = examples;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ControlStatus c
        && Objects.equals(name, c.name)
        && Objects.equals(clauses, c.clauses)
        && mode == c.mode
        && Objects.equals(findings, c.findings)
        && excepted == c.excepted
        && Objects.equals(examples, c.examples);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, clauses, mode, findings, excepted, examples);
  }
}
