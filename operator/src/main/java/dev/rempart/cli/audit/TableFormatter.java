package dev.rempart.cli.audit;

import dev.rempart.cli.audit.AuditReport.LocatedFinding;
import dev.rempart.cli.input.InputIssues;
import dev.rempart.cli.input.InputSummary;
import dev.rempart.core.ClauseCatalog;
import dev.rempart.core.Finding;
import dev.rempart.core.Severity;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/** For a person at a terminal: findings grouped by clause, each with its fix, then a verdict. */
final class TableFormatter implements AuditFormatter {
  private static final int WIDTH = 100;
  private static final String INDENT = "           ";
  private static final int NAMES_SHOWN = 12;

  @Override
  public void write(AuditReport audit, PrintWriter out, Ansi ansi) {
    header(audit, out, ansi);
    Map<String, List<LocatedFinding>> byClause = new LinkedHashMap<>();
    audit.findings().stream()
        .sorted(
            (a, b) ->
                clauseOrder(a.finding().clause()) != clauseOrder(b.finding().clause())
                    ? Integer.compare(
                        clauseOrder(a.finding().clause()), clauseOrder(b.finding().clause()))
                    : Finding.ORDER.compare(a.finding(), b.finding()))
        .forEach(
            f -> byClause.computeIfAbsent(f.finding().clause(), k -> new ArrayList<>()).add(f));
    byClause.forEach(
        (clause, findings) -> {
          out.println();
          String title = ClauseCatalog.cited(clause).map(ClauseCatalog.Clause::title).orElse("");
          out.println(ansi.string("@|bold Clause " + clause + "  " + title + "|@"));
          findings.forEach(f -> finding(f, out, ansi));
        });
    out.println();
    errors(audit.input().issues(), out, ansi);
    verdict(audit, out, ansi);
  }

  /** What could not be read, each with its file and line, before the verdict it qualifies. */
  private static void errors(InputIssues issues, PrintWriter out, Ansi ansi) {
    if (!issues.hasErrors()) {
      return;
    }
    out.println(
        ansi.string(
            "@|bold Could not read "
                + InputIssueText.inputs(issues.errors().size())
                + " (not audited)|@"));
    issues.errors().forEach(e -> out.println("  " + e));
    out.println(
        ansi.string(
            "@|bold,red ERROR|@: the audit is incomplete: "
                + InputIssueText.inputs(issues.errors().size())
                + " could not be read (exit code 2)"));
  }

  private static void header(AuditReport audit, PrintWriter out, Ansi ansi) {
    InputSummary input = audit.input();
    out.println(
        ansi.string(
            "@|bold Rempart audit|@ "
                + audit.rempartVersion()
                + " - baseline "
                + audit.baselineName()
                + " from "
                + audit.baselineSource()));
    out.println(
        "Read "
            + input.objects()
            + " objects from "
            + input.files()
            + (input.files() == 1 ? " file: " : " files: ")
            + input.evaluatedTotal()
            + " evaluated, "
            + input.skippedTotal()
            + " skipped (kinds the baseline's controls do not read)"
            + (input.duplicates() > 0 ? ", " + input.duplicates() + " duplicates" : "")
            + ".");
    InputIssues issues = input.issues();
    if (!issues.skipped().isEmpty()) {
      out.println(
          "Skipped "
              + InputIssueText.inputs(issues.skipped().size())
              + " that are not Kubernetes manifests:");
      InputIssueText.skipped(issues)
          .forEach(line -> wrap(line, WIDTH - 4).forEach(l -> out.println("  " + l)));
    }
    out.println(
        "Governed namespaces ("
            + audit.governedNamespaces().size()
            + "): "
            + names(audit.governedNamespaces())
            + (audit.impliedNamespaces().isEmpty()
                ? ""
                : "; without a Namespace object in the input: " + names(audit.impliedNamespaces()))
            + ".");
    audit
        .controls()
        .forEach(
            c ->
                out.println(
                    "Control "
                        + c.name()
                        + " (clause "
                        + c.clauses()
                        + ", "
                        + c.mode()
                        + "): examined "
                        + c.examined().size()
                        + " objects."));
  }

  /** At most {@link #NAMES_SHOWN} names: a terminal is no place for a list of hundreds. */
  private static String names(List<String> names) {
    if (names.isEmpty()) {
      return "none";
    }
    String shown = String.join(", ", names.subList(0, Math.min(names.size(), NAMES_SHOWN)));
    return names.size() > NAMES_SHOWN
        ? shown + " and " + (names.size() - NAMES_SHOWN) + " more"
        : shown;
  }

  private static void finding(LocatedFinding located, PrintWriter out, Ansi ansi) {
    Finding f = located.finding();
    String severity = String.format("%-9s", f.severity().id().toUpperCase(java.util.Locale.ROOT));
    String where = located.where().map(l -> "  (" + l + ")").orElse("");
    out.println(
        "  "
            + ansi.string("@|" + colour(f.severity()) + " " + severity + "|@")
            + f.resource().display()
            + "  "
            + f.control()
            + "/"
            + f.check()
            + where
            + (f.excepted() ? "  EXCEPTED by " + f.exceptedBy() : ""));
    wrap(f.message(), WIDTH - INDENT.length()).forEach(line -> out.println(INDENT + line));
  }

  private static void verdict(AuditReport audit, PrintWriter out, Ansi ansi) {
    int n = audit.findings().size();
    String counts =
        n == 0
            ? "no findings"
            : n + (n == 1 ? " finding (" : " findings (") + audit.severityLine() + ")";
    String verdict;
    if (audit.failed()) {
      verdict = "@|bold,red FAIL|@: " + counts + ", at least one at or above " + threshold(audit);
    } else if (n == 0) {
      verdict = "@|bold,green PASS|@: " + counts;
    } else if (audit.failOn().threshold().isEmpty()) {
      verdict = "@|bold,green PASS|@: " + counts + "; --fail-on none never fails";
    } else {
      verdict = "@|bold,green PASS|@: " + counts + ", none at or above " + threshold(audit);
    }
    out.println(ansi.string(verdict));
    audit.exceptions().stream()
        .filter(a -> !a.active())
        .forEach(
            a -> out.println("Exception " + a.name() + " is " + a.phase() + ": " + a.message()));
  }

  private static String threshold(AuditReport audit) {
    return audit.failOn().id() + " (--fail-on)";
  }

  private static String colour(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "bold,red";
      case HIGH -> "red";
      case MEDIUM -> "yellow";
      case LOW -> "cyan";
    };
  }

  private static int clauseOrder(String clause) {
    List<ClauseCatalog.Clause> all = ClauseCatalog.all();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).isCitedBy(clause)) {
        return i;
      }
    }
    return all.size();
  }

  /** Splits text into lines of at most {@code width} characters, at spaces. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }
}
