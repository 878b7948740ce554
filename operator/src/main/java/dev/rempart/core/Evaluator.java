package dev.rempart.core;

import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.ControlSection;
import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.EvaluationResult.ControlRun;
import dev.rempart.core.EvaluationResult.Orphan;
import dev.rempart.core.exceptions.ExceptionPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one evaluation: baseline + snapshot + clock → findings + desired objects. Shared by the
 * operator and the command line.
 */
public final class Evaluator {
  private final List<Control> controls;

  public Evaluator(List<Control> controls) {
    this.controls = List.copyOf(controls);
  }

  /** An evaluator with every control Rempart has. */
  public static Evaluator standard() {
    return new Evaluator(ControlCatalog.all());
  }

  public List<Control> controls() {
    return controls;
  }

  /**
   * The types of object any control reads or owns, and the exceptions to baselines: what the
   * operator must watch.
   */
  public Set<Class<? extends HasMetadata>> watchedTypes() {
    Set<Class<? extends HasMetadata>> types = new LinkedHashSet<>();
    types.add(Namespace.class);
    types.add(BaselineException.class);
    for (Control c : controls) {
      types.addAll(c.inputs());
      types.addAll(c.ownedTypes());
    }
    return types;
  }

  public EvaluationResult evaluate(SecurityBaseline baseline, Snapshot snapshot, Clock clock) {
    var now = clock.instant();
    Governance governance =
        Governance.resolve(
            baseline, snapshot.all(Namespace.class), snapshot.all(SecurityBaseline.class));
    Mode baselineMode = baseline.getSpec().effectiveMode();

    List<ControlRun> runs = new ArrayList<>();
    List<Finding> findings = new ArrayList<>();
    List<DesiredObject> desired = new ArrayList<>();
    List<Evidence> evidence = new ArrayList<>();
    List<Removal> removals = new ArrayList<>();
    for (Control control : controls) {
      Optional<? extends ControlSection> section = control.section(baseline.getSpec());
      if (section.isEmpty()) {
        continue;
      }
      Mode mode = section.get().effectiveMode(baselineMode);
      runs.add(new ControlRun(control.name(), control.clauses(), mode));
      ControlResult result =
          control.evaluate(
              new ControlContext(baseline, mode, governance.governed(), snapshot, now));
      findings.addAll(result.findings());
      desired.addAll(result.desired());
      evidence.addAll(result.evidence());
      removals.addAll(result.removals());
    }

    findings.addAll(
        UngovernedNamespaceCheck.findings(
            baseline, governance, snapshot.all(Namespace.class), runs));
    List<Drift> drift = DriftDetector.detect(desired, snapshot);
    findings.addAll(DriftDetector.findingsFor(drift, findings, controlsByName()));
    findings.sort(Finding.ORDER);
    evidence.sort(Evidence.ORDER);
    removals.sort((a, b) -> a.ref().compareTo(b.ref()));
    EvaluationResult withoutExceptions =
        new EvaluationResult(
            baseline.getMetadata().getName(),
            now,
            governance,
            List.copyOf(runs),
            List.copyOf(findings),
            List.copyOf(desired),
            drift,
            orphans(baseline, desired, snapshot, baselineMode),
            List.copyOf(evidence),
            List.copyOf(removals),
            List.of(),
            List.of());
    return ExceptionPolicy.apply(withoutExceptions, snapshot, baseline);
  }

  private Map<String, Control> controlsByName() {
    Map<String, Control> byName = new HashMap<>();
    controls.forEach(c -> byName.put(c.name(), c));
    return byName;
  }

  private List<Orphan> orphans(
      SecurityBaseline baseline,
      List<DesiredObject> desired,
      Snapshot snapshot,
      Mode baselineMode) {
    String name = baseline.getMetadata().getName();
    Set<ResourceRef> wanted = new HashSet<>();
    desired.forEach(d -> wanted.add(d.ref()));
    List<Orphan> orphans = new ArrayList<>();
    for (Control control : controls) {
      Mode mode =
          control
              .section(baseline.getSpec())
              .map(s -> (Mode) s.effectiveMode(baselineMode))
              .orElse(baselineMode);
      for (Class<? extends HasMetadata> type : control.ownedTypes()) {
        for (HasMetadata object : snapshot.all(type)) {
          ResourceRef ref = ResourceRef.of(object);
          if (ManagedObjects.isManagedBy(object, name)
              && control.name().equals(controlLabel(object))
              && !wanted.contains(ref)) {
            orphans.add(new Orphan(ref, object, mode == Mode.Enforce));
          }
        }
      }
    }
    orphans.sort((a, b) -> a.ref().compareTo(b.ref()));
    return List.copyOf(orphans);
  }

  private static String controlLabel(HasMetadata object) {
    return object.getMetadata().getLabels().get(ManagedObjects.CONTROL_LABEL);
  }
}
