package dev.rempart.core;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * With {@code spec.ungovernedNamespaces: Report}, a namespace the selector leaves out is itself a
 * finding: otherwise removing a label takes a namespace out of every control without a trace.
 * Namespaces excluded by name are a deliberate choice and are not reported, nor are those another
 * baseline governs.
 */
final class UngovernedNamespaceCheck {
  static final String CONTROL = "scope";
  static final String CHECK = "ungovernedNamespace";

  private UngovernedNamespaceCheck() {}

  /**
   * The findings, one per ungoverned namespace.
   *
   * @param runs the controls that ran: the finding cites their clauses, which the namespace escapes
   */
  static List<Finding> findings(
      SecurityBaseline baseline,
      Governance governance,
      List<Namespace> namespaces,
      List<EvaluationResult.ControlRun> runs) {
    List<Finding> findings = new ArrayList<>();
    if (!baseline.getSpec().reportsUngovernedNamespaces() || runs.isEmpty()) {
      return findings;
    }
    String clauses = clauses(runs);
    for (Namespace ns : namespaces) {
      if (NamespaceScope.of(baseline.getSpec(), governance, ns) != NamespaceScope.NOT_SELECTED) {
        continue;
      }
      String name = ns.getMetadata().getName();
      findings.add(
          Finding.of(
              CONTROL,
              CHECK,
              clauses,
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
    return findings;
  }

  private static String clauses(List<EvaluationResult.ControlRun> runs) {
    Set<String> all = new LinkedHashSet<>();
    runs.forEach(r -> all.addAll(Arrays.stream(r.clauses().split(",")).map(String::trim).toList()));
    return String.join(", ", all);
  }
}
