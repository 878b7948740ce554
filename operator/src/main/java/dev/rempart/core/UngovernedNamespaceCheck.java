package dev.rempart.core;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * With {@code spec.ungovernedNamespaces: Report}, a namespace the selector leaves out is itself a
 * finding: otherwise removing a label takes a namespace out of every control without a trace.
 * Namespaces excluded by name are a deliberate choice and are not reported, nor are those another
 * baseline governs. It is evaluated in the namespace's own partition, so the operator's incremental
 * rounds and a full evaluation find the same.
 */
final class UngovernedNamespaceCheck {
  static final String CONTROL = "scope";
  static final String CHECK = "ungovernedNamespace";

  private UngovernedNamespaceCheck() {}

  /**
   * The finding for one namespace this baseline does not govern, if it is one to report.
   *
   * @param ns a namespace the baseline does not govern
   * @param runs the controls that run: the finding cites their clauses, which the namespace escapes
   */
  static Optional<Finding> finding(
      SecurityBaseline baseline, Namespace ns, List<EvaluationResult.ControlRun> runs) {
    if (!baseline.getSpec().reportsUngovernedNamespaces()
        || runs.isEmpty()
        || NamespaceScope.ofUngoverned(baseline.getSpec(), ns) != NamespaceScope.NOT_SELECTED) {
      return Optional.empty();
    }
    String name = ns.getMetadata().getName();
    return Optional.of(
        Finding.of(
            CONTROL,
            CHECK,
            clauses(runs),
            Severity.HIGH,
            ResourceRef.namespace(name),
            "Namespace "
                + name
                + " is not governed by baseline "
                + baseline.getMetadata().getName()
                + ": its labels do not match spec.namespaceSelector, so no control checks"
                + " what runs in it. Label it so that the selector matches it, or add it to"
                + " spec.excludedNamespaces if leaving it out is intended."));
  }

  private static String clauses(List<EvaluationResult.ControlRun> runs) {
    Set<String> all = new LinkedHashSet<>();
    runs.forEach(r -> all.addAll(Arrays.stream(r.clauses().split(",")).map(String::trim).toList()));
    return String.join(", ", all);
  }
}
