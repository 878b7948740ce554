package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * Clause 3.1: customer data encrypted at rest, and TLS 1.2 or better in transit. Both halves are
 * evaluated whenever the section is present; {@code atRest} and {@code inTransit} only tune them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EncryptionSpec implements ControlSection {
  @JsonPropertyDescription("Overrides spec.mode for this control.")
  private Mode mode;

  @JsonPropertyDescription(
      "Encryption at rest: which StorageClasses count as encrypting, besides those recognised by"
          + " their provisioner's parameters.")
  private EncryptionAtRest atRest;

  @JsonPropertyDescription("Encryption in transit: Ingress TLS and the minimum TLS version.")
  private EncryptionInTransit inTransit;

  @Override
  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public EncryptionAtRest getAtRest() {
    return atRest;
  }

  public void setAtRest(EncryptionAtRest atRest) {
    this.atRest = atRest;
  }

  public EncryptionInTransit getInTransit() {
    return inTransit;
  }

  public void setInTransit(EncryptionInTransit inTransit) {
    this.inTransit = inTransit;
  }

  /** The at-rest settings, with their defaults when the section is absent. */
  public EncryptionAtRest effectiveAtRest() {
    return atRest == null ? new EncryptionAtRest() : atRest;
  }

  /** The in-transit settings, with their defaults when the section is absent. */
  public EncryptionInTransit effectiveInTransit() {
    return inTransit == null ? new EncryptionInTransit() : inTransit;
  }
}
