package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Whether Rempart honours the exception, and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BaselineExceptionStatus {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  private Long observedGeneration;

  @JsonPropertyDescription(
      "Active (honoured), Invalid (asks for longer than the baseline allows, or names no"
          + " baseline: not honoured) or Expired (its expiresAt has passed).")
  private ExceptionPhase phase;

  @JsonPropertyDescription("Active: True while the exception is honoured; the reason says why not.")
  private List<Condition> conditions = new ArrayList<>();

  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  public ExceptionPhase getPhase() {
    return phase;
  }

  public void setPhase(ExceptionPhase phase) {
    this.phase = phase;
  }

  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BaselineExceptionStatus s
        && Objects.equals(observedGeneration, s.observedGeneration)
        && phase == s.phase
        && Objects.equals(conditions, s.conditions);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, phase, conditions);
  }
}
