package dev.rempart.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one control found and what it wants to exist.
 *
 * @param findings what breaks the baseline
 * @param desired the objects the control wants
 * @param evidence what the control could or could not verify, for reports (see {@link Evidence})
 * @param removals objects Rempart does not own that are to be deleted (see {@link Removal})
 * @param revisitAt the first instant after the evaluation at which the passing of time alone
 *     changes this result (an access review falls due, a binding expires), or null
 */
public record ControlResult(
    List<Finding> findings,
    List<DesiredObject> desired,
    List<Evidence> evidence,
    List<Removal> removals,
    Instant revisitAt) {
  public ControlResult {
    findings = List.copyOf(findings);
    desired = List.copyOf(desired);
    evidence = List.copyOf(evidence);
    removals = List.copyOf(removals);
  }

  public ControlResult(
      List<Finding> findings,
      List<DesiredObject> desired,
      List<Evidence> evidence,
      List<Removal> removals) {
    this(findings, desired, evidence, removals, null);
  }

  /** A result with no evidence and no removals. */
  public ControlResult(List<Finding> findings, List<DesiredObject> desired) {
    this(findings, desired, List.of(), List.of());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects a control's findings, desired objects, evidence and removals. */
  public static final class Builder {
    private final List<Finding> findings = new ArrayList<>();
    private final List<DesiredObject> desired = new ArrayList<>();
    private final List<Evidence> evidence = new ArrayList<>();
    private final List<Removal> removals = new ArrayList<>();
    private Instant revisitAt;

    public Builder finding(Finding finding) {
      findings.add(finding);
      return this;
    }

    public Builder desired(DesiredObject object) {
      desired.add(object);
      return this;
    }

    public Builder evidence(Evidence item) {
      evidence.add(item);
      return this;
    }

    public Builder removal(Removal removal) {
      removals.add(removal);
      return this;
    }

    /** The result changes at this instant with time alone: keeps the earliest one. */
    public Builder revisitAt(Instant at) {
      if (at != null && (revisitAt == null || at.isBefore(revisitAt))) {
        revisitAt = at;
      }
      return this;
    }

    /** Adds everything another result holds (a part evaluated on its own). */
    public Builder include(ControlResult part) {
      findings.addAll(part.findings());
      desired.addAll(part.desired());
      evidence.addAll(part.evidence());
      removals.addAll(part.removals());
      return revisitAt(part.revisitAt());
    }

    public ControlResult build() {
      return new ControlResult(findings, desired, evidence, removals, revisitAt);
    }
  }
}
