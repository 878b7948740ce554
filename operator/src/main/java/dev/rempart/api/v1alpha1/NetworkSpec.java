package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Clause 4.4: default-deny networking in every governed namespace, plus declared allowances. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkSpec implements ControlSection {
  public static final List<PolicyDirection> DEFAULT_DENY =
      List.of(PolicyDirection.Ingress, PolicyDirection.Egress);

  @JsonPropertyDescription("Overrides spec.mode for this control.")
  private Mode mode;

  @JsonPropertyDescription(
      "The directions denied by default in every governed namespace. Defaults to both.")
  @Size(min = 1, max = 2)
  @ValidationRule(
      value = "self.all(d, self.exists_one(e, e == d))",
      message = "defaultDeny must not list a direction twice")
  private List<PolicyDirection> defaultDeny;

  @JsonPropertyDescription(
      "Allow egress to kube-dns in kube-system on UDP and TCP port 53 (default true). Only"
          + " takes effect when Egress is denied by default.")
  @Default("true")
  private Boolean allowDNS;

  @JsonPropertyDescription("Allow traffic between the pods of the same namespace (default false).")
  @Default("false")
  private Boolean allowSameNamespace;

  @JsonPropertyDescription("Peers allowed to reach every pod of a governed namespace.")
  @Size(max = 64)
  private List<NetworkPeer> allowIngressFrom;

  @JsonPropertyDescription("Peers every pod of a governed namespace may reach.")
  @Size(max = 64)
  private List<NetworkPeer> allowEgressTo;

  @Override
  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public List<PolicyDirection> getDefaultDeny() {
    return defaultDeny;
  }

  public void setDefaultDeny(List<PolicyDirection> defaultDeny) {
    this.defaultDeny = defaultDeny;
  }

  public Boolean getAllowDNS() {
    return allowDNS;
  }

  public void setAllowDNS(Boolean allowDNS) {
    this.allowDNS = allowDNS;
  }

  public Boolean getAllowSameNamespace() {
    return allowSameNamespace;
  }

  public void setAllowSameNamespace(Boolean allowSameNamespace) {
    this.allowSameNamespace = allowSameNamespace;
  }

  public List<NetworkPeer> getAllowIngressFrom() {
    return allowIngressFrom;
  }

  public void setAllowIngressFrom(List<NetworkPeer> allowIngressFrom) {
    this.allowIngressFrom = allowIngressFrom;
  }

  public List<NetworkPeer> getAllowEgressTo() {
    return allowEgressTo;
  }

  public void setAllowEgressTo(List<NetworkPeer> allowEgressTo) {
    this.allowEgressTo = allowEgressTo;
  }

  public List<PolicyDirection> effectiveDefaultDeny() {
    return defaultDeny == null ? DEFAULT_DENY : defaultDeny;
  }

  public boolean effectiveAllowDNS() {
    return allowDNS == null || allowDNS;
  }

  public boolean effectiveAllowSameNamespace() {
    return allowSameNamespace != null && allowSameNamespace;
  }

  public List<NetworkPeer> effectiveAllowIngressFrom() {
    return allowIngressFrom == null ? List.of() : allowIngressFrom;
  }

  public List<NetworkPeer> effectiveAllowEgressTo() {
    return allowEgressTo == null ? List.of() : allowEgressTo;
  }
}
