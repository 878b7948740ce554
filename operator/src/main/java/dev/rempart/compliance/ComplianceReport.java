package dev.rempart.compliance;

import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.core.Finding;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Evidence for auditors: every clause of the addendum with its status, the reason and what was
 * examined, for one baseline at one time.
 *
 * @param rempartVersion the version of Rempart that made it
 * @param generatedAt when the evaluation ran
 * @param source what was examined: a cluster or files
 * @param baseline the baseline applied
 * @param governedNamespaces the namespaces the baseline governs
 * @param clauses every clause of the catalogue, in the addendum's order
 * @param otherFindings findings that cite no clause of the catalogue
 * @param notes what the reader must know about how the evidence was gathered
 */
public record ComplianceReport(
    String rempartVersion,
    Instant generatedAt,
    Source source,
    Baseline baseline,
    List<String> governedNamespaces,
    List<ClauseAssessment> clauses,
    List<Finding> otherFindings,
    List<String> notes) {

  public ComplianceReport {
    governedNamespaces = List.copyOf(governedNamespaces);
    clauses = List.copyOf(clauses);
    otherFindings = List.copyOf(otherFindings);
    notes = List.copyOf(notes);
  }

  /**
   * What was examined.
   *
   * @param kind {@code cluster} or {@code files}
   * @param description the context and API server, or the files
   * @param objectsRead how many objects were read
   */
  public record Source(String kind, String description, long objectsRead) {}

  /**
   * The baseline applied.
   *
   * @param name its name
   * @param origin where it was read: the cluster, a file, or the built-in one
   * @param generation its metadata.generation in the cluster, or null when read from a file
   * @param mode its mode
   */
  public record Baseline(String name, String origin, Long generation, Mode mode) {}

  /** How many clauses have each status, every status present. */
  public Map<ClauseStatus, Integer> countByStatus() {
    Map<ClauseStatus, Integer> counts = new EnumMap<>(ClauseStatus.class);
    for (ClauseStatus s : ClauseStatus.values()) {
      counts.put(s, 0);
    }
    clauses.forEach(c -> counts.merge(c.status(), 1, Integer::sum));
    return counts;
  }
}
