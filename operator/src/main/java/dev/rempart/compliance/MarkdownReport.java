package dev.rempart.compliance;

import dev.rempart.core.Finding;
import java.util.List;

/** The report as Markdown: readable as plain text, rendered well by any Git host. */
final class MarkdownReport implements ReportRenderer {
  @Override
  public String render(ComplianceReport r) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(ReportText.TITLE).append("\n\n");
    md.append("| | |\n|---|---|\n");
    row(md, "Baseline", ReportText.baseline(r));
    row(md, "Examined", ReportText.source(r));
    row(md, "Generated", ReportText.generated(r) + " by Rempart " + r.rempartVersion());
    row(
        md,
        "Governed namespaces",
        r.governedNamespaces().size() + ": " + ReportText.namespaces(r.governedNamespaces()));
    row(md, "Clauses", ReportText.statusCounts(r));
    md.append("\n## Summary\n\n");
    md.append("| Clause | Title | Status | Reason |\n|---|---|---|---|\n");
    for (ClauseAssessment c : r.clauses()) {
      md.append("| ")
          .append(c.clause().number())
          .append(" | ")
          .append(cell(c.clause().title()))
          .append(" | **")
          .append(c.status().label())
          .append("** | ")
          .append(cell(c.reason()))
          .append(" |\n");
    }
    for (ClauseAssessment c : r.clauses()) {
      clause(md, c);
    }
    if (!r.otherFindings().isEmpty()) {
      md.append("\n## Findings citing no clause of the catalogue\n\n");
      findings(md, r.otherFindings());
    }
    md.append("\n## Notes\n\n");
    r.notes().forEach(n -> md.append("- ").append(text(n)).append('\n'));
    md.append("\n---\n\n");
    md.append("Integrity: `").append(ReportDigest.PLACEHOLDER).append("`  \n");
    md.append(ReportText.VERIFY_HINT).append('\n');
    return md.toString();
  }

  private static void clause(StringBuilder md, ClauseAssessment c) {
    md.append("\n## ")
        .append(c.clause().number())
        .append(" ")
        .append(text(c.clause().title()))
        .append("\n\n");
    md.append("**Status: ").append(c.status().label()).append(".** ");
    md.append(text(c.reason())).append("\n\n");
    md.append("*The addendum promises:* ").append(text(c.clause().promise())).append("\n");
    if (!c.evidence().isEmpty()) {
      md.append("\n**Evidence**\n\n");
      for (ControlEvidence e : c.evidence()) {
        md.append("- ").append(text(ReportText.evidence(e)));
        if (!e.namespaces().isEmpty()) {
          md.append(" Namespaces: ")
              .append(text(ReportText.namespaces(e.namespaces())))
              .append('.');
        }
        md.append('\n');
        for (String r : ReportText.records(e)) {
          md.append("  - ").append(text(r)).append('\n');
        }
      }
    }
    if (!c.findings().isEmpty()) {
      md.append("\n**Findings**\n\n");
      findings(md, c.findings());
    }
  }

  private static void findings(StringBuilder md, List<Finding> findings) {
    md.append("| Severity | Resource | Check | What is wrong and how to fix it |\n");
    md.append("|---|---|---|---|\n");
    for (Finding f : findings) {
      md.append("| ")
          .append(f.severity().id())
          .append(" | `")
          .append(cell(f.resource().display()))
          .append("` | `")
          .append(f.control())
          .append('/')
          .append(f.check())
          .append("` | ")
          .append(cell(text(f.message())))
          .append(" |\n");
    }
  }

  private static void row(StringBuilder md, String key, String value) {
    md.append("| ").append(key).append(" | ").append(cell(text(value))).append(" |\n");
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  private static String text(String s) {
    return s.replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*").replace("_", "\\_");
  }
}
