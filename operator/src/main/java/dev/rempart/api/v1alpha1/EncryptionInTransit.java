package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** What traffic from outside the cluster must be encrypted with. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EncryptionInTransit {
  public static final String DEFAULT_MIN_TLS_VERSION = "1.2";

  @JsonPropertyDescription(
      "Every host of every Ingress in a governed namespace must be covered by a tls entry"
          + " (default true).")
  @Default("true")
  private Boolean requireIngressTLS;

  @JsonPropertyDescription(
      "The lowest TLS version an ingress controller may accept, \"1.2\" (default) or \"1.3\".")
  @Default(DEFAULT_MIN_TLS_VERSION)
  @Size(max = 8)
  @ValidationRule(value = "self in ['1.2', '1.3']", message = "minTLSVersion must be 1.2 or 1.3")
  private String minTLSVersion;

  public Boolean getRequireIngressTLS() {
    return requireIngressTLS;
  }

  public void setRequireIngressTLS(Boolean requireIngressTLS) {
    this.requireIngressTLS = requireIngressTLS;
  }

  public String getMinTLSVersion() {
    return minTLSVersion;
  }

  public void setMinTLSVersion(String minTLSVersion) {
    this.minTLSVersion = minTLSVersion;
  }

  public boolean effectiveRequireIngressTLS() {
    return requireIngressTLS == null || requireIngressTLS;
  }

  public String effectiveMinTLSVersion() {
    return minTLSVersion == null ? DEFAULT_MIN_TLS_VERSION : minTLSVersion;
  }
}
