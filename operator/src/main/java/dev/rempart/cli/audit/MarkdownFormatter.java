package dev.rempart.cli.audit;

import dev.rempart.cli.audit.AuditReport.LocatedFinding;
import dev.rempart.cli.input.InputIssues;
import dev.rempart.core.ClauseCatalog;
import dev.rempart.core.Finding;
import java.io.PrintWriter;
import picocli.CommandLine.Help.Ansi;

/**
 * A pull-request comment: a verdict line, a table of findings with where each object is, and the
 * messages (what is wrong and how to fix it) folded below.
 */
final class MarkdownFormatter implements AuditFormatter {
  @Override
  public void write(AuditReport audit, PrintWriter out, Ansi ansi) {
    InputIssues issues = audit.input().issues();
    String verdict = issues.hasErrors() ? "incomplete" : audit.failed() ? "failed" : "passed";
    out.println("### Rempart audit " + verdict + ": " + audit.severityLine());
    out.println();
    out.println(
        "Baseline `"
            + audit.baselineName()
            + "` ("
            + cell(audit.baselineSource())
            + ") · "
            + audit.input().objects()
            + " objects in "
            + audit.input().files()
            + " files, "
            + audit.input().evaluatedTotal()
            + " evaluated · "
            + audit.governedNamespaces().size()
            + " governed namespaces · fails at `"
            + audit.failOn().id()
            + "`");
    issues(issues, out);
    if (audit.findings().isEmpty()) {
      out.println();
      out.println(
          issues.hasErrors()
              ? "No finding in what could be read."
              : "No finding: the manifests meet the baseline.");
      return;
    }
    out.println();
    out.println("| Severity | Clause | Check | Resource | File |");
    out.println("|---|---|---|---|---|");
    for (LocatedFinding located : audit.findings()) {
      Finding f = located.finding();
      out.println(
          "| "
              + (located.fails(audit.failOn())
                  ? "**" + f.severity().id() + "**"
                  : f.severity().id())
              + (f.excepted() ? " (excepted: `" + cell(f.exceptedBy()) + "`)" : "")
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
              + " |");
    }
    out.println();
    out.println("<details><summary>What is wrong and how to fix it</summary>");
    out.println();
    for (LocatedFinding located : audit.findings()) {
      Finding f = located.finding();
      out.println(
          "- **"
              + f.severity().id()
              + "** `"
              + cell(f.resource().display())
              + "`: "
              + escape(f.message()));
    }
    out.println();
    out.println("</details>");
  }

  private static void issues(InputIssues issues, PrintWriter out) {
    if (issues.hasErrors()) {
      out.println();
      out.println(
          "**"
              + InputIssueText.inputs(issues.errors().size())
              + " could not be read**: the audit is incomplete (exit code 2).");
      out.println();
      issues
          .errors()
          .forEach(
              e ->
                  out.println(
                      "- `"
                          + e.file()
                          + (e.line() > 0 ? ":" + e.line() : "")
                          + "`: "
                          + escape(e.message())));
    }
    if (!issues.skipped().isEmpty()) {
      out.println();
      out.println(
          "Skipped "
              + InputIssueText.inputs(issues.skipped().size())
              + " that are not Kubernetes manifests:");
      out.println();
      InputIssueText.skipped(issues).forEach(line -> out.println("- " + escape(line)));
    }
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
