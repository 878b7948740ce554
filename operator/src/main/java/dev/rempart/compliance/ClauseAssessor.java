package dev.rempart.compliance;

import dev.rempart.core.ClauseCatalog;
import dev.rempart.core.ClauseCatalog.Clause;
import dev.rempart.core.Control;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Gives every clause of the catalogue a status. A clause is compliant only when every control
 * behind it ran and says so; a control this build lacks, a control the baseline does not enable, or
 * objects Rempart could not read make the clause not verifiable, with the reason.
 */
public final class ClauseAssessor {
  private final List<Control> controls;
  private final EvidenceSource evidence;
  private final String rempartVersion;

  public ClauseAssessor(List<Control> controls, EvidenceSource evidence, String rempartVersion) {
    this.controls = List.copyOf(controls);
    this.evidence = evidence;
    this.rempartVersion = rempartVersion;
  }

  /**
   * Assesses every clause.
   *
   * @param unreadable the types Rempart could not list, with the reason (a live cluster that
   *     forbids it); empty for files
   */
  public List<ClauseAssessment> assess(
      EvaluationResult result,
      Snapshot snapshot,
      Map<Class<? extends HasMetadata>, String> unreadable) {
    List<ClauseAssessment> out = new ArrayList<>();
    for (Clause clause : ClauseCatalog.all()) {
      out.add(assess(clause, result, snapshot, unreadable));
    }
    return out;
  }

  private ClauseAssessment assess(
      Clause clause,
      EvaluationResult result,
      Snapshot snapshot,
      Map<Class<? extends HasMetadata>, String> unreadable) {
    switch (clause.scope()) {
      case OUT_OF_SCOPE:
        return new ClauseAssessment(
            clause,
            ClauseStatus.OUT_OF_SCOPE,
            capitalise(clause.whyNotInCluster()) + ".",
            List.of());
      case PROCESS:
        return new ClauseAssessment(
            clause,
            ClauseStatus.NOT_VERIFIABLE,
            capitalise(clause.whyNotInCluster()) + ".",
            List.of());
      default:
        break;
    }
    List<ControlEvidence> all = new ArrayList<>();
    for (String name : clause.controls()) {
      all.add(controlEvidence(clause, name, result, snapshot, unreadable));
    }
    ClauseStatus status =
        all.stream().map(ControlEvidence::status).reduce(ClauseStatus::combine).orElseThrow();
    String reason =
        all.stream()
            .filter(e -> e.status() == status)
            .map(ControlEvidence::reason)
            .collect(Collectors.joining(" "));
    return new ClauseAssessment(clause, status, reason, all);
  }

  private ControlEvidence controlEvidence(
      Clause clause,
      String name,
      EvaluationResult result,
      Snapshot snapshot,
      Map<Class<? extends HasMetadata>, String> unreadable) {
    Optional<Control> control = controls.stream().filter(c -> c.name().equals(name)).findFirst();
    if (control.isEmpty()) {
      return ControlEvidence.notRun(
          name,
          ClauseStatus.NOT_VERIFIABLE,
          "Rempart "
              + rempartVersion
              + " has no "
              + name
              + " control yet: nothing was checked for this clause.");
    }
    boolean ran = result.controls().stream().anyMatch(r -> r.name().equals(name));
    if (!ran) {
      return ControlEvidence.notRun(
          name,
          ClauseStatus.NOT_VERIFIABLE,
          "The baseline does not enable the "
              + name
              + " control (it has no spec."
              + name
              + " section): nothing was checked for this clause.");
    }
    List<Class<? extends HasMetadata>> needed = new ArrayList<>(control.get().inputs());
    // Without Namespaces nobody knows which namespaces are governed.
    needed.add(Namespace.class);
    List<String> missing =
        needed.stream()
            .distinct()
            .filter(unreadable::containsKey)
            .map(t -> t.getSimpleName() + " (" + unreadable.get(t) + ")")
            .toList();
    if (!missing.isEmpty()) {
      return ControlEvidence.notRun(
          name,
          ClauseStatus.NOT_VERIFIABLE,
          "Rempart could not read what the "
              + name
              + " control needs: "
              + String.join(", ", missing)
              + ".");
    }
    return evidence.evidence(clause, control.get(), result, snapshot);
  }

  private static String capitalise(String text) {
    return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }
}
