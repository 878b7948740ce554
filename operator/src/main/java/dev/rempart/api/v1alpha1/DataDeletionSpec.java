package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/**
 * Clauses 8.1 and 8.2 (customer data deleted after termination plus the recovery period): governed
 * namespaces marked offboarded, with a date, are due for deletion once the recovery period has
 * passed. Deletion itself needs two explicit settings in Enforce, since it cannot be undone.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DataDeletionSpec implements ControlSection {
  public static final String DEFAULT_OFFBOARDED_KEY = "rempart.dev/offboarded-at";
  public static final int DEFAULT_RECOVERY_PERIOD_DAYS = 30;

  @JsonPropertyDescription("Overrides spec.mode for this control.")
  private Mode mode;

  @JsonPropertyDescription(
      "The annotation (or, failing that, the label) on a Namespace that marks it offboarded, with"
          + " the date of the end of the contract (YYYY-MM-DD or RFC 3339). Default"
          + " rempart.dev/offboarded-at.")
  @Pattern(
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")
  @Size(max = 316)
  private String offboardedKey;

  @JsonPropertyDescription(
      "Days after the offboarding date during which the data is kept for recovery (default 30);"
          + " after them it is due for deletion.")
  @Default("30")
  @Min(0)
  @Max(3650)
  private Integer recoveryPeriodDays;

  @JsonPropertyDescription(
      "In Enforce, delete the PersistentVolumeClaims, Secrets, ConfigMaps and VolumeSnapshots of"
          + " offboarded namespaces past their due date, after a server-side dry run, each"
          + " deletion recorded (default false: only report them). The Namespace itself is left.")
  @Default("false")
  private Boolean deleteData;

  @JsonPropertyDescription(
      "With deleteData, also delete the PersistentVolumes with reclaim policy Retain bound to"
          + " those claims and the VolumeSnapshotContents with deletionPolicy Retain of those"
          + " snapshots: data that survives the deletion of its claim or snapshot (default false:"
          + " only report them).")
  @Default("false")
  private Boolean deleteRetainedData;

  @Override
  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public String getOffboardedKey() {
    return offboardedKey;
  }

  public void setOffboardedKey(String offboardedKey) {
    this.offboardedKey = offboardedKey;
  }

  public Integer getRecoveryPeriodDays() {
    return recoveryPeriodDays;
  }

  public void setRecoveryPeriodDays(Integer recoveryPeriodDays) {
    this.recoveryPeriodDays = recoveryPeriodDays;
  }

  public Boolean getDeleteData() {
    return deleteData;
  }

  public void setDeleteData(Boolean deleteData) {
    this.deleteData = deleteData;
  }

  public Boolean getDeleteRetainedData() {
    return deleteRetainedData;
  }

  public void setDeleteRetainedData(Boolean deleteRetainedData) {
    this.deleteRetainedData = deleteRetainedData;
  }

  public String effectiveOffboardedKey() {
    return offboardedKey == null ? DEFAULT_OFFBOARDED_KEY : offboardedKey;
  }

  public int effectiveRecoveryPeriodDays() {
    return recoveryPeriodDays == null ? DEFAULT_RECOVERY_PERIOD_DAYS : recoveryPeriodDays;
  }

  public boolean effectiveDeleteData() {
    return deleteData != null && deleteData;
  }

  /** Retained volumes and snapshot contents go only when the data itself goes too. */
  public boolean effectiveDeleteRetainedData() {
    return effectiveDeleteData() && deleteRetainedData != null && deleteRetainedData;
  }
}
