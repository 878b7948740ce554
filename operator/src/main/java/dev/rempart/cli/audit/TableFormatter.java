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
  /** The width when the terminal's is unknown (output redirected to a file or a CI log). */
  static final int DEFAULT_WIDTH = 100;

  private static final String INDENT = "           ";
  private static final int MIN_WIDTH = 40;

  private final int width;

  /** As wide as {@code COLUMNS} says the terminal is, else {@link #DEFAULT_WIDTH}. */
  TableFormatter() {
    this(widthFrom(System.getenv("COLUMNS")));
  }

  TableFormatter(int width) {
    this.width = Math.max(MIN_WIDTH, width);
  }

  static int widthFrom(String columns) {
    if (columns == null || columns.isBlank()) {
      return DEFAULT_WIDTH;
    }
    try {
      return Integer.parseInt(columns.trim());
    } catch (NumberFormatException e) {
      return DEFAULT_WIDTH;
    }
  }

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
          findings.forEach(f -> finding(audit, f, out, ansi));
        });
    out.println();
    errors(audit.input().issues(), out, ansi);
    verdict(audit, out, ansi);
  }

  /** What could not be read, each with its file and line, before the verdict it qualifies. */
  private void errors(InputIssues issues, PrintWriter out, Ansi ansi) {
    if (!issues.hasErrors()) {
      return;
    }
    out.println(
        ansi.string(
            "@|bold Could not read "
                + InputIssueText.inputs(issues.errors().size())
                + " (not audited)|@"));
    issues.errors().forEach(e -> paragraph(out, "  ", e.toString()));
    out.println(
        ansi.string(
            "@|bold,red ERROR|@: the audit is incomplete: "
                + InputIssueText.inputs(issues.errors().size())
                + " could not be read (exit code 2)"));
  }

  private void header(AuditReport audit, PrintWriter out, Ansi ansi) {
    InputSummary input = audit.input();
    String title = "Rempart audit";
    List<String> titleLines =
        wrap(
            title
                + " "
                + audit.rempartVersion()
                + " - baseline "
                + audit.baselineName()
                + " from "
                + audit.baselineSource(),
            width - 2);
    out.println(
        ansi.string("@|bold " + title + "|@") + titleLines.get(0).substring(title.length()));
    titleLines.stream().skip(1).forEach(line -> out.println("  " + line));
    paragraph(
        out,
        "",
        "Read "
            + Plural.of(input.objects(), "object")
            + " from "
            + Plural.of(input.files(), "file")
            + ": "
            + input.evaluatedTotal()
            + " evaluated, "
            + input.skippedTotal()
            + " skipped (kinds the baseline's controls do not read)"
            + (input.duplicates() > 0 ? ", " + Plural.of(input.duplicates(), "duplicate") : "")
            + ".");
    InputIssues issues = input.issues();
    if (!issues.skipped().isEmpty()) {
      out.println(
          "Skipped "
              + InputIssueText.inputs(issues.skipped().size())
              + " that are not Kubernetes manifests:");
      InputIssueText.skipped(issues).forEach(line -> paragraph(out, "  ", line));
    }
    paragraph(
        out,
        "",
        "Governed namespaces ("
            + audit.governedNamespaces().size()
            + "): "
            + CoverageText.names(audit.governedNamespaces())
            + (audit.impliedNamespaces().isEmpty()
                ? ""
                : "; without a Namespace object in the input: "
                    + CoverageText.names(audit.impliedNamespaces()))
            + ".");
    CoverageText.notAudited(audit).forEach(line -> paragraph(out, "", line));
    audit
        .controls()
        .forEach(
            c ->
                paragraph(
                    out,
                    "",
                    "Control "
                        + c.name()
                        + " (clause "
                        + c.clauses()
                        + ", "
                        + c.mode()
                        + "): examined "
                        + Plural.of(c.examined().size(), "object")
                        + "."));
  }

  /** A paragraph wrapped to the width, continuation lines indented by two more spaces. */
  private void paragraph(PrintWriter out, String indent, String text) {
    List<String> lines = wrap(text, width - indent.length() - 2);
    for (int i = 0; i < lines.size(); i++) {
      out.println(indent + (i == 0 ? "" : "  ") + lines.get(i));
    }
  }

  private void finding(AuditReport audit, LocatedFinding located, PrintWriter out, Ansi ansi) {
    Finding f = located.finding();
    String severity = String.format("%-9s", f.severity().id().toUpperCase(java.util.Locale.ROOT));
    List<String> tags = new ArrayList<>();
    if (located.owner() == Owner.PLATFORM) {
      tags.add(
          "[platform: Rempart fixes it in Enforce"
              + (audit.scope().counts(Owner.PLATFORM) ? "" : "; not counted with --scope app")
              + "]");
    }
    if (located.existing()) {
      tags.add("[existing]");
    }
    if (f.excepted()) {
      tags.add("EXCEPTED by " + f.exceptedBy());
    }
    String title =
        f.resource().display()
            + "  "
            + f.control()
            + "/"
            + f.check()
            + located.where().map(l -> "  (" + l + ")").orElse("")
            + (tags.isEmpty() ? "" : "  " + String.join(" ", tags));
    List<String> titleLines = wrap(title, width - INDENT.length());
    out.println(
        "  "
            + ansi.string("@|" + colour(f.severity()) + " " + severity + "|@")
            + titleLines.get(0));
    titleLines.stream().skip(1).forEach(line -> out.println(INDENT + line));
    wrap(f.message(), width - INDENT.length()).forEach(line -> out.println(INDENT + line));
  }

  private void verdict(AuditReport audit, PrintWriter out, Ansi ansi) {
    int n = audit.findings().size();
    String counts =
        n == 0 ? "no findings" : Plural.of(n, "finding") + " (" + audit.severityLine() + ")";
    String verdict;
    if (audit.failed()) {
      verdict = counts + ", at least one " + counted(audit) + "at or above " + threshold(audit);
    } else if (n == 0) {
      verdict = counts;
    } else if (audit.failOn().threshold().isEmpty()) {
      verdict = counts + "; --fail-on none never fails";
    } else {
      verdict = counts + ", none " + counted(audit) + "at or above " + threshold(audit);
    }
    long notAudited = audit.coverage().objectsNotAudited();
    if (notAudited > 0) {
      verdict += "; " + Plural.of(notAudited, "object") + " not audited (see above)";
    }
    String word = audit.failed() ? "FAIL" : "PASS";
    List<String> lines = wrap(word + ": " + verdict, width - 2);
    String colour = audit.failed() ? "bold,red" : "bold,green";
    out.println(
        ansi.string("@|" + colour + " " + word + "|@") + lines.get(0).substring(word.length()));
    lines.stream().skip(1).forEach(line -> out.println("  " + line));
    long platform = audit.platformCount();
    if (platform > 0 && !audit.scope().counts(Owner.PLATFORM)) {
      paragraph(
          out,
          "",
          Plural.of(platform, "finding")
              + " Rempart fixes itself in Enforce "
              + (platform == 1 ? "is" : "are")
              + " not counted (--scope "
              + audit.scope().id()
              + "; --scope all counts them).");
    }
    audit.exceptions().stream()
        .filter(a -> !a.active())
        .forEach(
            a ->
                paragraph(
                    out, "", "Exception " + a.name() + " is " + a.phase() + ": " + a.message()));
  }

  /** {@code new app } : which findings the verdict weighed, when not all of them. */
  private static String counted(AuditReport audit) {
    String which = audit.findingsBaseline() != null ? "new " : "";
    return switch (audit.scope()) {
      case APP -> which + "app ";
      case PLATFORM -> which + "platform ";
      case ALL -> which;
    };
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

  /**
   * Splits text into lines of at most {@code width} characters, at spaces; a word longer than a
   * line (a list of resources without spaces) is cut after commas where it can, else anywhere.
   */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : words(text, width)) {
      if (line.length() > 0 && line.length() + 1 + word.length() > width) {
        lines.add(line.toString().stripTrailing());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  private static List<String> words(String text, int width) {
    List<String> words = new ArrayList<>();
    for (String word : text.split(" ")) {
      while (word.length() > width) {
        int cut = word.lastIndexOf(',', width - 1);
        int at = cut > 0 ? cut + 1 : width;
        words.add(word.substring(0, at));
        word = word.substring(at);
      }
      words.add(word);
    }
    return words;
  }
}
