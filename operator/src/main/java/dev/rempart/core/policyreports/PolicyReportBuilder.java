package dev.rempart.core.policyreports;

import dev.rempart.core.EvaluationResult;
import dev.rempart.core.EvaluationResult.ControlRun;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.policyreports.ReportContent.Summary;
import dev.rempart.core.policyreports.ReportEntry.Outcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Turns one evaluation into the policy reports of its baseline: one per governed namespace, and one
 * for cluster-scoped objects when any has a finding. Open findings are {@code fail}, excepted ones
 * {@code skip}; a control with neither in a namespace is one {@code pass} (summarised, not one per
 * object checked). A finding Rempart fixed in this evaluation is not reported. Reports are bounded:
 * at most {@code maxResults} results each, messages cut to {@link #MAX_MESSAGE} characters, and the
 * summary still counts every result.
 */
public final class PolicyReportBuilder {
  /** Longest message kept in a result: a report's size stays bounded by its result count. */
  public static final int MAX_MESSAGE = 1024;

  private PolicyReportBuilder() {}

  /**
   * The reports of one evaluation.
   *
   * @param result the evaluation
   * @param open its findings that stay open after remediation
   * @param maxResults the most results one report keeps
   */
  public static List<ReportContent> build(
      EvaluationResult result, List<Finding> open, int maxResults) {
    return build(result, open, maxResults, ns -> true, true);
  }

  /**
   * The reports of some places only: the namespaces a round evaluated again (the others' reports
   * cannot have changed), and the cluster report when the cluster part was evaluated.
   *
   * @param namespaces which governed namespaces' reports to build
   * @param cluster whether to build the cluster report
   */
  public static List<ReportContent> build(
      EvaluationResult result,
      List<Finding> open,
      int maxResults,
      Predicate<String> namespaces,
      boolean cluster) {
    if (maxResults < 1) {
      throw new IllegalArgumentException("maxResults must be at least 1, not " + maxResults);
    }
    Set<String> governed = new HashSet<>();
    result.governance().governed().forEach(ns -> governed.add(ns.getMetadata().getName()));
    Map<String, List<ReportEntry>> byNamespace = new TreeMap<>();
    governed.stream().filter(namespaces).forEach(ns -> byNamespace.put(ns, new ArrayList<>()));
    List<ReportEntry> clusterEntries = new ArrayList<>();
    // Only the open findings of the reports asked for are hashed: a round that rebuilds one
    // namespace's report would otherwise hash every open finding of the cluster (half a second
    // at 10,000 namespaces).
    List<ReportEntry> clusterInto = cluster ? clusterEntries : null;
    Set<Finding> stillOpen = new HashSet<>();
    for (Finding finding : open) {
      if (entriesOf(finding, governed, byNamespace, clusterInto) != null) {
        stillOpen.add(finding);
      }
    }
    for (Finding finding : result.findings()) {
      List<ReportEntry> into = entriesOf(finding, governed, byNamespace, clusterInto);
      Outcome outcome = into == null ? null : outcomeOf(finding, stillOpen);
      if (outcome != null) {
        into.add(entryOf(finding, outcome));
      }
    }
    List<ReportContent> reports = new ArrayList<>();
    byNamespace.forEach(
        (ns, entries) -> reports.add(bounded(ns, withPasses(entries, result), maxResults)));
    if (!clusterEntries.isEmpty()) {
      reports.add(bounded(null, clusterEntries, maxResults));
    }
    return List.copyOf(reports);
  }

  /**
   * The entries of the report being built that the finding belongs to, or null when its report is
   * not one of them.
   *
   * @param clusterEntries the cluster report's entries, or null when it is not being built
   */
  private static List<ReportEntry> entriesOf(
      Finding finding,
      Set<String> governed,
      Map<String, List<ReportEntry>> byNamespace,
      List<ReportEntry> clusterEntries) {
    String scope = scopeOf(finding.resource(), governed);
    return scope == null ? clusterEntries : byNamespace.get(scope);
  }

  /** Fail when open, skip when excepted, nothing when Rempart fixed it. */
  private static Outcome outcomeOf(Finding finding, Set<Finding> open) {
    if (finding.excepted()) {
      return Outcome.SKIP;
    }
    return open.contains(finding) ? Outcome.FAIL : null;
  }

  /**
   * The governed namespace a finding belongs to: its object's namespace, or the namespace itself
   * for a finding about a Namespace; null (the cluster report) for anything else.
   */
  static String scopeOf(ResourceRef resource, Set<String> governed) {
    String ns = resource.namespace();
    if (ns == null && "Namespace".equals(resource.kind())) {
      ns = resource.name();
    }
    return ns != null && governed.contains(ns) ? ns : null;
  }

  private static ReportEntry entryOf(Finding finding, Outcome outcome) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("control", finding.control());
    properties.put("check", finding.check());
    if (finding.excepted()) {
      properties.put("exception", finding.exceptedBy());
    }
    return new ReportEntry(
        finding.control() + "/" + finding.check(),
        finding.clause(),
        finding.severity(),
        outcome,
        finding.resource(),
        cut(finding.message()),
        properties);
  }

  /** Adds one pass for every control without a fail or a skip in the entries. */
  private static List<ReportEntry> withPasses(List<ReportEntry> entries, EvaluationResult result) {
    Set<String> reported = new HashSet<>();
    entries.forEach(e -> reported.add(e.properties().get("control")));
    List<ReportEntry> all = new ArrayList<>(entries);
    for (ControlRun control : result.controls()) {
      if (!reported.contains(control.name())) {
        all.add(
            new ReportEntry(
                control.name(),
                control.clauses(),
                null,
                Outcome.PASS,
                null,
                "No finding of the "
                    + control.name()
                    + " control ("
                    + control.mode().name().toLowerCase(java.util.Locale.ROOT)
                    + ") in this namespace.",
                Map.of("control", control.name())));
      }
    }
    return all;
  }

  /** Keeps the first {@code max} results, fails first; counts all of them. */
  private static ReportContent bounded(String namespace, List<ReportEntry> entries, int max) {
    List<ReportEntry> ordered = new ArrayList<>();
    for (Outcome outcome : Outcome.values()) {
      entries.stream().filter(e -> e.outcome() == outcome).forEach(ordered::add);
    }
    Summary summary =
        new Summary(
            count(entries, Outcome.PASS),
            count(entries, Outcome.FAIL),
            count(entries, Outcome.SKIP));
    List<ReportEntry> kept = ordered.subList(0, Math.min(max, ordered.size()));
    return new ReportContent(namespace, summary, kept, ordered.size() - kept.size());
  }

  private static int count(List<ReportEntry> entries, Outcome outcome) {
    return (int) entries.stream().filter(e -> e.outcome() == outcome).count();
  }

  private static String cut(String message) {
    if (message == null || message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE - 1) + "…";
  }
}
