package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * Prevention at admission: Rempart compiles the checks that can be decided from the written object
 * alone into ValidatingAdmissionPolicies and their bindings, evaluated in-process by the API server
 * (no webhook to run or to fail). Absent: nothing is installed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AdmissionSpec {
  @JsonPropertyDescription(
      "What the API server does with a write that breaks a compiled check: Audit (default)"
          + " admits it and records it in the audit log, Warn admits it with a warning to the"
          + " client, Deny refuses it. Setting Audit is the kill switch: it takes effect as soon"
          + " as Rempart has updated the bindings.")
  @Default("Audit")
  private AdmissionMode mode;

  @JsonPropertyDescription(
      "A group whose members may still edit or delete the objects Rempart manages (break"
          + " glass). Without it, only Rempart's own ServiceAccount (and the cluster's own"
          + " controllers in kube-system) may.")
  @Pattern("^[^'\"\\\\]+$")
  @Size(max = 253)
  private String breakGlassGroup;

  public AdmissionMode getMode() {
    return mode;
  }

  public void setMode(AdmissionMode mode) {
    this.mode = mode;
  }

  public String getBreakGlassGroup() {
    return breakGlassGroup;
  }

  public void setBreakGlassGroup(String breakGlassGroup) {
    this.breakGlassGroup = breakGlassGroup;
  }

  /** The mode, Audit when unset. */
  public AdmissionMode effectiveMode() {
    return mode == null ? AdmissionMode.Audit : mode;
  }
}
