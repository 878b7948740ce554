package dev.rempart.cli.audit;

import dev.rempart.cli.audit.AuditReport.LocatedFinding;
import dev.rempart.cli.input.InputIssues;
import dev.rempart.core.ClauseCatalog;
import dev.rempart.core.Finding;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Help.Ansi;

/**
 * A pull-request comment: a verdict line, what was not audited, a table of findings with where each
 * object is, and the messages (what is wrong and how to fix it) folded below. It stays under {@link
 * #LIMIT} characters whatever the number of findings: the summary first, then the findings that
 * fail the run and the most severe, then how many more there are and where to read them.
 */
final class MarkdownFormatter implements AuditFormatter {
  /** GitHub refuses a comment over 65,536 characters; the rest is room for a team's own text. */
  static final int LIMIT = 60_000;

  /** Errors listed before {@code and N more}: the findings of what was read matter as much. */
  static final int ERRORS_SHOWN = 20;

  static final int ERROR_LENGTH = 300;

  @Override
  public void write(AuditReport audit, PrintWriter out, Ansi ansi) {
    out.print(render(audit, LIMIT));
  }

  /** The comment, at most {@code limit} characters long. */
  static String render(AuditReport audit, int limit) {
    StringBuilder head = new StringBuilder();
    InputIssues issues = audit.input().issues();
    String verdict = issues.hasErrors() ? "incomplete" : audit.failed() ? "failed" : "passed";
    long objectsLeftOut = audit.coverage().objectsNotAudited();
    line(
        head,
        "### Rempart audit "
            + verdict
            + ": "
            + audit.severityLine()
            + (objectsLeftOut > 0
                ? "; " + Plural.of(objectsLeftOut, "object") + " not audited"
                : ""));
    line(head, "");
    line(
        head,
        "Baseline `"
            + audit.baselineName()
            + "` ("
            + cell(audit.baselineSource())
            + ") · "
            + Plural.of(audit.input().objects(), "object")
            + " in "
            + Plural.of(audit.input().files(), "file")
            + ", "
            + audit.input().evaluatedTotal()
            + " evaluated · "
            + Plural.of(audit.governedNamespaces().size(), "governed namespace")
            + " · fails at `"
            + audit.failOn().id()
            + "` on "
            + scopeText(audit));
    issues(issues, head);
    List<String> notAudited = CoverageText.notAudited(audit);
    if (!notAudited.isEmpty()) {
      line(head, "");
      notAudited.forEach(l -> line(head, "- " + escape(l)));
    }
    if (audit.findings().isEmpty()) {
      line(head, "");
      line(
          head,
          issues.hasErrors()
              ? "No finding in what could be read."
              : "No finding: the manifests meet the baseline.");
      return head.toString();
    }
    String tableHead =
        "\n| Severity | Owner | Clause | Check | Resource | File |\n|---|---|---|---|---|---|\n";
    String detailsHead = "\n<details><summary>What is wrong and how to fix it</summary>\n\n";
    String detailsEnd = "\n</details>\n";
    String moreRoom = "\n" + more(audit.findings().size(), audit.findings().size()) + "\n";
    int budget =
        limit
            - head.length()
            - tableHead.length()
            - detailsHead.length()
            - detailsEnd.length()
            - moreRoom.length();
    StringBuilder rows = new StringBuilder();
    StringBuilder details = new StringBuilder();
    int shown = 0;
    for (LocatedFinding located : mostUrgentFirst(audit)) {
      String row = row(audit, located);
      String detail = detail(located);
      if (row.length() + detail.length() > budget) {
        break;
      }
      budget -= row.length() + detail.length();
      rows.append(row);
      details.append(detail);
      shown++;
    }
    StringBuilder out = new StringBuilder(head);
    out.append(tableHead).append(rows);
    if (shown < audit.findings().size()) {
      out.append('\n').append(more(audit.findings().size() - shown, audit.findings().size()));
      out.append('\n');
    }
    out.append(detailsHead).append(details).append(detailsEnd);
    return out.toString();
  }

  /** Those that fail the run, then the new ones, then by severity (the findings' own order). */
  private static List<LocatedFinding> mostUrgentFirst(AuditReport audit) {
    List<LocatedFinding> ordered = new ArrayList<>(audit.findings());
    ordered.sort(
        Comparator.comparing((LocatedFinding f) -> !audit.fails(f))
            .thenComparing(LocatedFinding::existing)
            .thenComparing(f -> f.finding().severity()));
    return ordered;
  }

  private static String more(int hidden, int total) {
    return "**"
        + Plural.of(hidden, "more finding")
        + " not shown** (of "
        + total
        + ", to keep this comment within a pull request's size limit): the full list is in the"
        + " run's SARIF upload or JSON output (`rempart audit -o sarif`, `-o json`).";
  }

  private static String scopeText(AuditReport audit) {
    return switch (audit.scope()) {
      case APP -> "app findings (`--scope app`)";
      case PLATFORM -> "platform findings (`--scope platform`)";
      case ALL -> "all findings";
    };
  }

  private static String row(AuditReport audit, LocatedFinding located) {
    Finding f = located.finding();
    return "| "
        + (audit.fails(located) ? "**" + f.severity().id() + "**" : f.severity().id())
        + (f.excepted() ? " (excepted: `" + cell(f.exceptedBy()) + "`)" : "")
        + (located.existing() ? " (existing)" : "")
        + " | "
        + located.owner().id()
        + " | "
        + f.clause()
        + " "
        + cell(ClauseCatalog.cited(f.clause()).map(ClauseCatalog.Clause::title).orElse(""))
        + " | `"
        + f.control()
        + "/"
        + f.check()
        + "` | `"
        + cell(f.resource().display())
        + "` | "
        + located.where().map(l -> "`" + cell(l.toString()) + "`").orElse("")
        + " |\n";
  }

  private static String detail(LocatedFinding located) {
    Finding f = located.finding();
    return "- **"
        + f.severity().id()
        + "** `"
        + cell(f.resource().display())
        + "`: "
        + escape(f.message())
        + "\n";
  }

  private static void line(StringBuilder out, String text) {
    out.append(text).append('\n');
  }

  /**
   * The inputs that could not be read, at most {@link #ERRORS_SHOWN} of them (each cut to {@link
   * #ERROR_LENGTH} characters) so that a broken repository cannot push the findings out of the
   * comment, then the inputs skipped as not manifests, one line per reason.
   */
  private static void issues(InputIssues issues, StringBuilder out) {
    if (issues.hasErrors()) {
      line(out, "");
      line(
          out,
          "**"
              + InputIssueText.inputs(issues.errors().size())
              + " could not be read**: the audit is incomplete (exit code 2).");
      line(out, "");
      issues.errors().stream()
          .limit(ERRORS_SHOWN)
          .forEach(
              e ->
                  line(
                      out,
                      "- `"
                          + cell(e.file() + (e.line() > 0 ? ":" + e.line() : ""))
                          + "`: "
                          + escape(shortened(e.message()))));
      if (issues.errors().size() > ERRORS_SHOWN) {
        line(
            out,
            "- and "
                + (issues.errors().size() - ERRORS_SHOWN)
                + " more: the JSON output (`-o json`) lists them all.");
      }
    }
    if (!issues.skipped().isEmpty()) {
      line(out, "");
      line(
          out,
          "Skipped "
              + InputIssueText.inputs(issues.skipped().size())
              + " that are not Kubernetes manifests:");
      line(out, "");
      InputIssueText.skipped(issues).forEach(l -> line(out, "- " + escape(l)));
    }
  }

  private static String shortened(String message) {
    String oneLine = message.replace("\n", " ");
    return oneLine.length() <= ERROR_LENGTH
        ? oneLine
        : oneLine.substring(0, ERROR_LENGTH - 1) + "…";
  }

  /** Text inside a table cell: a pipe would end the cell, a newline the row. */
  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  /** Text outside code spans: keep HTML and emphasis characters literal. */
  private static String escape(String text) {
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*").replace("_", "\\_");
  }
}
