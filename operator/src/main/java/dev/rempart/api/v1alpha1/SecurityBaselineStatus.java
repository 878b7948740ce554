package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What Rempart last saw. Bounded whatever the cluster size: counts, plus at most a few named
 * examples.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecurityBaselineStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Ready (the baseline was evaluated and, in Enforce, applied), Compliant (no open finding)"
          + " and Conflicting (another baseline governs some of the same namespaces).")
  private List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("When the baseline was last evaluated (RFC 3339).")
  private String lastEvaluationTime;

  @JsonPropertyDescription("Namespaces and findings, counted.")
  private BaselineSummary summary;

  @JsonPropertyDescription("The state of each enabled control.")
  private List<ControlStatus> controls = new ArrayList<>();

  @JsonPropertyDescription(
      "The record's last anchor, when the operator keeps a record (--record): written apart from"
          + " the rest of the status, at each anchor.")
  private RecordStatus record;

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  public String getLastEvaluationTime() {
    return lastEvaluationTime;
  }

  public void setLastEvaluationTime(String lastEvaluationTime) {
    this.lastEvaluationTime = lastEvaluationTime;
  }

  public BaselineSummary getSummary() {
    return summary;
  }

  public void setSummary(BaselineSummary summary) {
    this.summary = summary;
  }

  public List<ControlStatus> getControls() {
    return controls;
  }

  public void setControls(List<ControlStatus> controls) {
    this.controls = controls;
  }

  public RecordStatus getRecord() {
    return record;
  }

  public void setRecord(RecordStatus record) {
    this.record = record;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SecurityBaselineStatus other)) {
      return false;
    }
    return Objects.equals(observedGeneration, other.observedGeneration)
        && Objects.equals(conditions, other.conditions)
        && Objects.equals(lastEvaluationTime, other.lastEvaluationTime)
        && Objects.equals(summary, other.summary)
        && Objects.equals(controls, other.controls)
        && Objects.equals(record, other.record);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        observedGeneration, conditions, lastEvaluationTime, summary, controls, record);
  }
}
