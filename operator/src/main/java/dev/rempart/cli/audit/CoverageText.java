package dev.rempart.cli.audit;

import dev.rempart.cli.audit.Coverage.NamespaceAudit;
import dev.rempart.core.NamespaceScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What an audit did not look at, as sentences the table and the Markdown share: a run that skips
 * namespaces or kinds says which and why, so that a pass cannot hide an empty audit.
 */
final class CoverageText {
  /** Names listed in one sentence before {@code and N more}. */
  static final int NAMES_SHOWN = 12;

  private CoverageText() {}

  /** One sentence per thing left out; empty when everything read was audited. */
  static List<String> notAudited(AuditReport audit) {
    List<String> lines = new ArrayList<>();
    Coverage coverage = audit.coverage();
    for (NamespaceScope reason : NamespaceScope.values()) {
      List<NamespaceAudit> left =
          coverage.notGoverned().stream().filter(n -> n.scope() == reason).toList();
      if (left.isEmpty()) {
        continue;
      }
      long objects = left.stream().mapToLong(NamespaceAudit::objects).sum();
      lines.add(
          "Not audited: "
              + Plural.of(objects, "object")
              + " in "
              + Plural.of(left.size(), "namespace")
              + " ("
              + names(left.stream().map(NamespaceAudit::name).toList())
              + "): "
              + (left.size() == 1 ? reason.reason() : reason.reason().replace("its ", "their "))
              + hint(reason, audit)
              + ".");
    }
    if (audit.input().skippedTotal() > 0) {
      lines.add(
          "Not evaluated: "
              + Plural.of(audit.input().skippedTotal(), "object")
              + " of kinds no enabled control reads ("
              + kinds(audit.input().skipped())
              + ").");
    }
    if (coverage.helmTests() > 0) {
      lines.add(
          "Skipped: "
              + Plural.of(coverage.helmTests(), "Helm test hook")
              + " (helm.sh/hook: test; --include-helm-tests audits them).");
    }
    List<String> widened =
        coverage.namespaces().stream().filter(NamespaceAudit::widened).map(n -> n.name()).toList();
    if (!widened.isEmpty()) {
      lines.add(
          "Governed because of --all-namespaces, though their labels do not match the selector: "
              + names(widened)
              + ".");
    }
    if (audit.governedNamespaces().isEmpty()) {
      lines.add("No namespace is governed: only cluster-scoped objects were audited.");
    }
    return lines;
  }

  private static String hint(NamespaceScope reason, AuditReport audit) {
    if (reason != NamespaceScope.NOT_SELECTED) {
      return "";
    }
    return audit.coverage().allNamespaces()
        ? ""
        : "; --all-namespaces audits them, --ungoverned-namespaces report makes each a finding";
  }

  /** At most {@link #NAMES_SHOWN} names: a list of hundreds helps nobody. */
  static String names(List<String> names) {
    if (names.isEmpty()) {
      return "none";
    }
    String shown = String.join(", ", names.subList(0, Math.min(names.size(), NAMES_SHOWN)));
    return names.size() > NAMES_SHOWN
        ? shown + " and " + (names.size() - NAMES_SHOWN) + " more"
        : shown;
  }

  private static String kinds(Map<String, Long> counts) {
    List<String> parts =
        counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
    return parts.size() > NAMES_SHOWN
        ? String.join(", ", parts.subList(0, NAMES_SHOWN))
            + " and "
            + Plural.of(parts.size() - NAMES_SHOWN, "more kind")
        : parts.stream().collect(Collectors.joining(", "));
  }
}
