package dev.rempart.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Compares desired objects with the snapshot and reports what is missing or changed. */
final class DriftDetector {
  static final String CHECK = "managedObjectDrift";

  private DriftDetector() {}

  @SuppressWarnings("unchecked")
  static List<Drift> detect(List<DesiredObject> desired, Snapshot snapshot) {
    List<Drift> drift = new ArrayList<>();
    for (DesiredObject d : desired) {
      HasMetadata want = d.object();
      Class<? extends HasMetadata> type = want.getClass();
      var actual =
          snapshot.find(
              (Class<HasMetadata>) type,
              want.getMetadata().getNamespace(),
              want.getMetadata().getName());
      if (actual.isEmpty()) {
        drift.add(new Drift(d, Drift.State.MISSING, null));
      } else if (!ObjectComparison.holds(d, actual.get())) {
        drift.add(new Drift(d, Drift.State.MODIFIED, actual.get()));
      }
    }
    return List.copyOf(drift);
  }

  /**
   * A finding for each managed object that someone changed, unless a control already reported it. A
   * missing object is not a finding by itself: the controls' own checks say whether its absence
   * breaks a clause (a team's own default deny satisfies clause 4.4 as well as Rempart's).
   */
  static List<Finding> findingsFor(
      List<Drift> drift, List<Finding> existing, Map<String, Control> controls) {
    Set<ResourceRef> covered = new HashSet<>();
    existing.forEach(f -> covered.add(f.fixedBy()));
    List<Finding> findings = new ArrayList<>();
    for (Drift d : drift) {
      ResourceRef ref = d.desired().ref();
      if (d.state() != Drift.State.MODIFIED || covered.contains(ref)) {
        continue;
      }
      Control control = controls.get(d.desired().control());
      String what = ref.display() + " was changed by someone other than Rempart";
      String fix =
          d.desired().enforced()
              ? "; Rempart restores it."
              : "; switch the control to Enforce or restore it by hand.";
      findings.add(
          new Finding(
              d.desired().control(),
              CHECK,
              control.clauses(),
              Severity.MEDIUM,
              ref,
              what + fix,
              ref));
    }
    return findings;
  }
}
