package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * The record's last anchor (docs/record.md): its chain head published outside the record, so that a
 * record cut after it is detected by {@code rempart record verify --anchor}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RecordStatus {
  @JsonPropertyDescription(
      "The record's chain head at the last anchor, SEQ:HASH: give it to `rempart record verify"
          + " --anchor`.")
  private String anchor;

  @JsonPropertyDescription("When the anchor was written (RFC 3339).")
  private String anchoredAt;

  @JsonPropertyDescription(
      "Where the operator writes the record (e.g. \"standard output, S3 bucket audit\"), published"
          + " when its sinks start.")
  private String sinks;

  @JsonPropertyDescription("The record's S3 bucket, when it has one.")
  private String bucket;

  @JsonPropertyDescription(
      "The bucket's Object Lock default retention mode, as read back from the bucket.")
  private String retentionMode;

  @JsonPropertyDescription("The bucket's Object Lock default retention, in days.")
  private Long retentionDays;

  public RecordStatus() {}

  public RecordStatus(String anchor, String anchoredAt) {
    this.anchor = anchor;
    this.anchoredAt = anchoredAt;
  }

  public String getAnchor() {
    return anchor;
  }

  public void setAnchor(String anchor) {
    this.anchor = anchor;
  }

  public String getAnchoredAt() {
    return anchoredAt;
  }

  public void setAnchoredAt(String anchoredAt) {
    this.anchoredAt = anchoredAt;
  }

  public String getSinks() {
    return sinks;
  }

  public void setSinks(String sinks) {
    this.sinks = sinks;
  }

  public String getBucket() {
    return bucket;
  }

  public void setBucket(String bucket) {
    this.bucket = bucket;
  }

  public String getRetentionMode() {
    return retentionMode;
  }

  public void setRetentionMode(String retentionMode) {
    this.retentionMode = retentionMode;
  }

  public Long getRetentionDays() {
    return retentionDays;
  }

  public void setRetentionDays(Long retentionDays) {
    this.retentionDays = retentionDays;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordStatus other
        && Objects.equals(anchor, other.anchor)
        && Objects.equals(anchoredAt, other.anchoredAt)
        && Objects.equals(sinks, other.sinks)
        && Objects.equals(bucket, other.bucket)
        && Objects.equals(retentionMode, other.retentionMode)
        && Objects.equals(retentionDays, other.retentionDays);
  }

  @Override
  public int hashCode() {
    return Objects.hash(anchor, anchoredAt, sinks, bucket, retentionMode, retentionDays);
  }
}
