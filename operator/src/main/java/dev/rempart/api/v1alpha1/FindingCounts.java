package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Open findings by severity. */
public class FindingCounts {
  private int critical;
  private int high;
  private int medium;
  private int low;

  @JsonPropertyDescription("All open findings.")
  private int total;

  public FindingCounts() {}

  public FindingCounts(int critical, int high, int medium, int low) {
    this.critical = critical;
    this.high = high;
    this.medium = medium;
    this.low = low;
    this.total = critical + high + medium + low;
  }

  public int getCritical() {
    return critical;
  }

  public void setCritical(int critical) {
    this.critical = critical;
  }

  public int getHigh() {
    return high;
  }

  public void setHigh(int high) {
    this.high = high;
  }

  public int getMedium() {
    return medium;
  }

  public void setMedium(int medium) {
    this.medium = medium;
  }

  public int getLow() {
    return low;
  }

  public void setLow(int low) {
    this.low = low;
  }

  public int getTotal() {
    return total;
  }

  public void setTotal(int total) {
    this.total = total;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FindingCounts f
        && critical == f.critical
        && high == f.high
        && medium == f.medium
        && low == f.low
        && total == f.total;
  }

  @Override
  public int hashCode() {
    return Objects.hash(critical, high, medium, low, total);
  }
}
