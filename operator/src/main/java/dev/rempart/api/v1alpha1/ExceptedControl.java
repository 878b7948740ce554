package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** One control an exception covers, whole or some of its checks. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExceptedControl {
  @JsonPropertyDescription(
      "The control, as named in the baseline's spec: network, podSecurity, environments,"
          + " encryption or accessControl.")
  @Required
  @Size(max = 32)
  @ValidationRule(
      value = "self in ['network', 'podSecurity', 'environments', 'encryption', 'accessControl']",
      message =
          "control must be one of network, podSecurity, environments, encryption, accessControl")
  private String control;

  @JsonPropertyDescription(
      "The checks of the control it covers, as findings name them (defaultDeny, privileged,"
          + " ...). Empty or absent: every check of the control.")
  @Size(max = 32)
  private List<@Pattern("^[a-zA-Z][a-zA-Z0-9_]*$") @Size(max = 63) String> checks;

  public ExceptedControl() {}

  public ExceptedControl(String control, List<String> checks) {
    this.control = control;
    this.checks = checks;
  }

  public String getControl() {
    return control;
  }

  public void setControl(String control) {
    this.control = control;
  }

  public List<String> getChecks() {
    return checks;
  }

  public void setChecks(List<String> checks) {
    this.checks = checks;
  }

  /** True when every check of the control is covered. */
  public boolean coversEveryCheck() {
    return checks == null || checks.isEmpty();
  }
}
