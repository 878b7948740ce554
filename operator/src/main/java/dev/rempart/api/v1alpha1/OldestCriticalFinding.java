package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * The critical finding open the longest, and since when. Kept in the status so that its age (the
 * metric {@code rempart_oldest_critical_finding_age_seconds}, which clause 7.1's incident process
 * starts from) survives a restart or a change of leader.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OldestCriticalFinding {
  @JsonPropertyDescription("The control that found it.")
  private String control;

  @JsonPropertyDescription("The check within the control.")
  private String check;

  @JsonPropertyDescription("The clause it breaks.")
  private String clause;

  @JsonPropertyDescription("The apiVersion of the object at fault.")
  private String apiVersion;

  @JsonPropertyDescription("The kind of the object at fault.")
  private String kind;

  @JsonPropertyDescription("The namespace of the object at fault; empty for cluster-scoped ones.")
  private String namespace;

  @JsonPropertyDescription("The name of the object at fault.")
  private String name;

  @JsonPropertyDescription("When Rempart first saw it open (RFC 3339).")
  private String since;

  public String getControl() {
    return control;
  }

  public void setControl(String control) {
    this.control = control;
  }

  public String getCheck() {
    return check;
  }

  public void setCheck(String check) {
    this.check = check;
  }

  public String getClause() {
    return clause;
  }

  public void setClause(String clause) {
    this.clause = clause;
  }

  public String getApiVersion() {
    return apiVersion;
  }

  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getNamespace() {
    return namespace;
  }

  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OldestCriticalFinding f
        && Objects.equals(control, f.control)
        && Objects.equals(check, f.check)
        && Objects.equals(clause, f.clause)
        && Objects.equals(apiVersion, f.apiVersion)
        && Objects.equals(kind, f.kind)
        && Objects.equals(namespace, f.namespace)
        && Objects.equals(name, f.name)
        && Objects.equals(since, f.since);
  }

  @Override
  public int hashCode() {
    return Objects.hash(control, check, clause, apiVersion, kind, namespace, name, since);
  }
}
