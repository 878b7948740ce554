package dev.rempart.compliance;

import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.core.Evidence;
import dev.rempart.core.Finding;
import java.util.List;
import java.util.Map;

/**
 * What one control shows for one clause: what it examined, what it concluded and why.
 *
 * @param control the control ({@code network})
 * @param mode the mode it ran in, or null when it did not run
 * @param status its conclusion for the clause
 * @param reason why, for a person
 * @param examinedByKind how many objects of each kind it examined
 * @param namespaces the governed namespaces it looked at, by name
 * @param findings its findings for the clause
 * @param records what the control itself recorded it could or could not verify (the core's {@link
 *     Evidence}), for the clause
 */
public record ControlEvidence(
    String control,
    Mode mode,
    ClauseStatus status,
    String reason,
    Map<String, Integer> examinedByKind,
    List<String> namespaces,
    List<Finding> findings,
    List<Evidence> records) {
  public ControlEvidence {
    examinedByKind = Map.copyOf(examinedByKind);
    namespaces = List.copyOf(namespaces);
    findings = List.copyOf(findings);
    records = List.copyOf(records);
  }

  /** A control that did not run; nothing was examined. */
  public static ControlEvidence notRun(String control, ClauseStatus status, String reason) {
    return new ControlEvidence(
        control, null, status, reason, Map.of(), List.of(), List.of(), List.of());
  }
}
