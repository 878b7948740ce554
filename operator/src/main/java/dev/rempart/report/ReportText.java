package dev.rempart.report;

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

  static String statusCounts(ComplianceReport r) {
    return r.countByStatus().entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .map(e -> e.getValue() + " " + e.getKey().label())
        .collect(Collectors.joining(", "));
  }
}
