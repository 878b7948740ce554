package dev.rempart.core;

import java.util.ArrayList;
import java.util.List;

/** What one control found and what it wants to exist. */
public record ControlResult(List<Finding> findings, List<DesiredObject> desired) {
  public ControlResult {
    findings = List.copyOf(findings);
    desired = List.copyOf(desired);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects a control's findings and desired objects. */
  public static final class Builder {
    private final List<Finding> findings = new ArrayList<>();
    private final List<DesiredObject> desired = new ArrayList<>();

    public Builder finding(Finding finding) {
      findings.add(finding);
      return this;
    }

    public Builder desired(DesiredObject object) {
      desired.add(object);
      return this;
    }

    public ControlResult build() {
      return new ControlResult(findings, desired);
    }
  }
}
