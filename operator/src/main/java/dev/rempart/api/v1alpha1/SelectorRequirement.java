package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One requirement of a label selector. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(self.operator in ['In', 'NotIn']) == (has(self.values) && size(self.values) > 0)",
    message = "In and NotIn need values; Exists and DoesNotExist take none")
public class SelectorRequirement {
  @JsonPropertyDescription("The label key.")
  @Required
  @Size(max = 316)
  private String key;

  @JsonPropertyDescription("In, NotIn, Exists or DoesNotExist.")
  @Required
  private Operator operator;

  @JsonPropertyDescription("The values for In and NotIn.")
  @Size(max = 64)
  private List<@Size(max = 63) String> values;

  /** Label selector operators. */
  public enum Operator {
    In,
    NotIn,
    Exists,
    DoesNotExist
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public Operator getOperator() {
    return operator;
  }

  public void setOperator(Operator operator) {
    this.operator = operator;
  }

  public List<String> getValues() {
    return values;
  }

  public void setValues(List<String> values) {
    this.values = values;
  }
}
