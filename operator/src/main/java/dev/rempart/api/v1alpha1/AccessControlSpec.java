package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * Clauses 4.1 (least privilege), 5.4 (quarterly access reviews) and 9.2 (time-bound access): RBAC
 * bindings in the governed namespaces and cluster-wide.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessControlSpec implements ControlSection {
  public static final int DEFAULT_REVIEW_INTERVAL_DAYS = 90;

  @JsonPropertyDescription("Overrides spec.mode for this control.")
  private Mode mode;

  @JsonPropertyDescription(
      "Report bindings of cluster-admin, or of any role that grants every verb on every"
          + " resource, to subjects other than the system's own (default true).")
  @Default("true")
  private Boolean forbidClusterAdmin;

  @JsonPropertyDescription(
      "Report bindings of roles with a wildcard (*) verb or resource to subjects other than the"
          + " system's own (default true).")
  @Default("true")
  private Boolean forbidWildcards;

  @JsonPropertyDescription(
      "How old, in days, the review date of a binding (annotation rempart.dev/reviewed-at) may"
          + " be (default 90: quarterly).")
  @Default("90")
  @Min(1)
  @Max(366)
  private Integer reviewIntervalDays;

  @JsonPropertyDescription(
      "In Enforce, delete bindings whose annotation rempart.dev/expires-at has passed, after a"
          + " dry run, with an Event and a record (default false: only report them).")
  @Default("false")
  private Boolean removeExpiredBindings;

  @Override
  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public Boolean getForbidClusterAdmin() {
    return forbidClusterAdmin;
  }

  public void setForbidClusterAdmin(Boolean forbidClusterAdmin) {
    this.forbidClusterAdmin = forbidClusterAdmin;
  }

  public Boolean getForbidWildcards() {
    return forbidWildcards;
  }

  public void setForbidWildcards(Boolean forbidWildcards) {
    this.forbidWildcards = forbidWildcards;
  }

  public Integer getReviewIntervalDays() {
    return reviewIntervalDays;
  }

  public void setReviewIntervalDays(Integer reviewIntervalDays) {
    this.reviewIntervalDays = reviewIntervalDays;
  }

  public Boolean getRemoveExpiredBindings() {
    return removeExpiredBindings;
  }

  public void setRemoveExpiredBindings(Boolean removeExpiredBindings) {
    this.removeExpiredBindings = removeExpiredBindings;
  }

  public boolean effectiveForbidClusterAdmin() {
    return forbidClusterAdmin == null || forbidClusterAdmin;
  }

  public boolean effectiveForbidWildcards() {
    return forbidWildcards == null || forbidWildcards;
  }

  public int effectiveReviewIntervalDays() {
    return reviewIntervalDays == null ? DEFAULT_REVIEW_INTERVAL_DAYS : reviewIntervalDays;
  }

  public boolean effectiveRemoveExpiredBindings() {
    return removeExpiredBindings != null && removeExpiredBindings;
  }
}
