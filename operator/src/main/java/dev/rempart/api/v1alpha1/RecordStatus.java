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

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordStatus other
        && Objects.equals(anchor, other.anchor)
        && Objects.equals(anchoredAt, other.anchoredAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(anchor, anchoredAt);
  }
}
