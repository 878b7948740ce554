package dev.rempart.compliance;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Sentences the renderers share, so the formats say the same thing. */
final class ReportText {
  static final String TITLE = "Compliance report: SaaS security addendum";
  static final String VERIFY_HINT =
      "To check this copy, replace the digest with 64 zeros and hash the file with SHA-256: the"
          + " result must be the digest (rempart report --verify FILE does it; see docs/cli.md).";
  static final int NAMESPACES_SHOWN = 40;
  static final int RECORDS_SHOWN = 10;

  private ReportText() {}

  static String generated(ComplianceReport r) {
    return DateTimeFormatter.ISO_INSTANT.format(r.generatedAt().truncatedTo(ChronoUnit.SECONDS));
  }

  static String baseline(ComplianceReport r) {
    ComplianceReport.Baseline b = r.baseline();
    return b.name()
        + " ("
        + (b.generation() == null ? "" : "generation " + b.generation() + ", ")
        + "mode "
        + b.mode()
        + ") from "
        + b.origin();
  }

  static String source(ComplianceReport r) {
    return r.source().description() + ": " + r.source().objectsRead() + " objects read";
  }

  static String namespaces(List<String> names) {
    if (names.isEmpty()) {
      return "none";
    }
    String shown = names.stream().limit(NAMESPACES_SHOWN).collect(Collectors.joining(", "));
    return names.size() > NAMESPACES_SHOWN
        ? shown + " and " + (names.size() - NAMESPACES_SHOWN) + " more"
        : shown;
  }

  /** {@code 3 Namespace, 7 NetworkPolicy}. */
  static String examined(Map<String, Integer> byKind) {
    if (byKind.isEmpty()) {
      return "nothing";
    }
    return byKind.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getValue() + " " + e.getKey())
        .collect(Collectors.joining(", "));
  }

  static String evidence(ControlEvidence e) {
    if (e.mode() == null) {
      return "Control " + e.control() + ": did not run.";
    }
    return "Control "
        + e.control()
        + " ("
        + e.mode()
        + " mode) examined "
        + examined(e.examinedByKind())
        + " in "
        + e.namespaces().size()
        + " governed namespaces; "
        + e.findings().size()
        + (e.findings().size() == 1 ? " finding." : " findings.");
  }

  /** {@code not verifiable: encryption/secretsAtRest on Pod kube-system/x: reason}. */
  static String record(dev.rempart.core.Evidence e) {
    return e.status().id().replace('-', ' ')
        + ": "
        + e.control()
        + "/"
        + e.check()
        + (e.resource() == null ? "" : " on " + e.resource().display())
        + ": "
        + e.reason();
  }

  /**
   * The records of a control, at most {@link #RECORDS_SHOWN}, not-verifiable and non-compliant
   * first: a report read by people lists the first ones and says how many more the JSON holds.
   */
  static List<String> records(ControlEvidence e) {
    List<dev.rempart.core.Evidence> sorted =
        e.records().stream()
            .sorted(
                java.util.Comparator.comparing(
                    (dev.rempart.core.Evidence r) ->
                        r.status() == dev.rempart.core.Evidence.Status.COMPLIANT))
            .toList();
    List<String> lines = new java.util.ArrayList<>();
    sorted.stream().limit(RECORDS_SHOWN).forEach(r -> lines.add(record(r)));
    if (sorted.size() > RECORDS_SHOWN) {
      lines.add(
          "and "
              + (sorted.size() - RECORDS_SHOWN)
              + " more records (the JSON report lists them all)");
    }
    return lines;
  }

  static String statusCounts(ComplianceReport r) {
    return r.countByStatus().entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .map(e -> e.getValue() + " " + e.getKey().label())
        .collect(Collectors.joining(", "));
  }
}
