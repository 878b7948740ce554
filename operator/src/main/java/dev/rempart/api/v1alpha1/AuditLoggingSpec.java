package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Clause 4.6 (logs kept at least a year, protected from tampering): the API server's audit log
 * retention, read from its flags, and the retention of Rempart's own record. It only reports: there
 * is nothing in the cluster Rempart could change to keep logs longer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuditLoggingSpec implements ControlSection {
  @JsonPropertyDescription("Overrides spec.mode for this control (it only reports in either mode).")
  private Mode mode;

  @Override
  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }
}
