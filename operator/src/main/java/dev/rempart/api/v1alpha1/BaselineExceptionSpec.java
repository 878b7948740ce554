package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * What an exception covers (a baseline, some of its controls, optionally some namespaces and
 * objects), why, who approved it and until when. Scopes narrow each other: a finding is covered
 * when its control (and check) is listed, its namespace is (when namespaces or a selector is given)
 * and its object is (when resources are given).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.namespaces) && has(self.namespaceSelector))",
    message = "namespaces and namespaceSelector are exclusive: set one or neither")
public class BaselineExceptionSpec {
  /** RFC 3339: a date, a time and a zone ({@code 2026-03-31T00:00:00Z}). */
  public static final String DATE_TIME =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})$";

  @JsonPropertyDescription("The SecurityBaseline this exception is to, by name.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @Size(max = 253)
  private String baseline;

  @JsonPropertyDescription("The controls it covers, each whole or some of its checks.")
  @Required
  @Size(min = 1, max = 16)
  private List<ExceptedControl> controls;

  @JsonPropertyDescription(
      "The namespaces it covers, by name. With neither namespaces nor namespaceSelector it"
          + " covers every namespace and the cluster-scoped objects.")
  @Size(max = 256)
  private List<@Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$") @Size(max = 63) String> namespaces;

  @JsonPropertyDescription("The namespaces it covers, by label (instead of namespaces).")
  private NamespaceSelector namespaceSelector;

  @JsonPropertyDescription(
      "The objects it covers (kind and name, * at the end of a name for a prefix). Absent: every"
          + " object in its namespaces.")
  @Size(max = 64)
  private List<ExceptedResource> resources;

  @JsonPropertyDescription("Why the exception is needed: the risk accepted and what offsets it.")
  @Required
  @Pattern("\\S")
  @Size(min = 1, max = 2048)
  private String reason;

  @JsonPropertyDescription("The change or risk ticket that records the decision.")
  @Required
  @Pattern("\\S")
  @Size(min = 1, max = 256)
  private String ticket;

  @JsonPropertyDescription("Who approved it (a person or a role).")
  @Required
  @Pattern("\\S")
  @Size(min = 1, max = 256)
  private String approvedBy;

  @JsonPropertyDescription(
      "When it stops applying (RFC 3339, 2026-03-31T00:00:00Z). At most the baseline's"
          + " spec.exceptions.maxDays after the exception's creation.")
  @Required
  @Pattern(DATE_TIME)
  @Size(max = 64)
  private String expiresAt;

  public String getBaseline() {
    return baseline;
  }

  public void setBaseline(String baseline) {
    this.baseline = baseline;
  }

  public List<ExceptedControl> getControls() {
    return controls;
  }

  public void setControls(List<ExceptedControl> controls) {
    this.controls = controls;
  }

  public List<String> getNamespaces() {
    return namespaces;
  }

  public void setNamespaces(List<String> namespaces) {
    this.namespaces = namespaces;
  }

  public NamespaceSelector getNamespaceSelector() {
    return namespaceSelector;
  }

  public void setNamespaceSelector(NamespaceSelector namespaceSelector) {
    this.namespaceSelector = namespaceSelector;
  }

  public List<ExceptedResource> getResources() {
    return resources;
  }

  public void setResources(List<ExceptedResource> resources) {
    this.resources = resources;
  }

  public String getReason() {
    return reason;
  }

  public void setReason(String reason) {
    this.reason = reason;
  }

  public String getTicket() {
    return ticket;
  }

  public void setTicket(String ticket) {
    this.ticket = ticket;
  }

  public String getApprovedBy() {
    return approvedBy;
  }

  public void setApprovedBy(String approvedBy) {
    this.approvedBy = approvedBy;
  }

  public String getExpiresAt() {
    return expiresAt;
  }

  public void setExpiresAt(String expiresAt) {
    this.expiresAt = expiresAt;
  }
}
