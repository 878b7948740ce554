package dev.rempart.compliance;

import dev.rempart.core.Finding;
import java.util.List;
import java.util.Map;

/**
 * The report as one self-contained HTML file: no script, no external font or stylesheet, so it
 * opens the same anywhere and years later; a print stylesheet makes it a clean paper or PDF copy.
 */
final class HtmlReport implements ReportRenderer {
  private static final String CSS =
      """
      :root { --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; }
      * { box-sizing: border-box; }
      body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
        sans-serif; color: var(--ink); max-width: 1040px; margin: 2.5rem auto; padding: 0 1.5rem; }
      h1 { font-size: 1.9rem; margin: .2rem 0 1.2rem; line-height: 1.2; }
      h2 { font-size: 1.3rem; margin: 2.4rem 0 .8rem; padding-bottom: .3rem;
        border-bottom: 2px solid var(--ink); }
      h3 { font-size: 1.08rem; margin: 0 0 .5rem; display: flex; gap: .6rem; align-items: baseline;
        flex-wrap: wrap; }
      h4 { font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted);
        margin: 1rem 0 .4rem; }
      .eyebrow { text-transform: uppercase; letter-spacing: .12em; font-size: .75rem;
        color: var(--muted); margin: 0; }
      dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.2rem;
        margin: 0 0 1.2rem; padding: 1rem 1.2rem; background: var(--soft);
        border: 1px solid var(--line); border-radius: 6px; }
      dl.meta dt { font-weight: 600; color: var(--muted); }
      dl.meta dd { margin: 0; }
      .tally { display: flex; gap: .5rem; flex-wrap: wrap; }
      table { border-collapse: collapse; width: 100%; font-size: .93rem; table-layout: fixed; }
      col.c-num { width: 7.8em; } col.c-title { width: 24%; } col.c-status { width: 10.5em; }
      col.c-sev { width: 7em; } col.c-res { width: 21%; } col.c-check { width: 18%; }
      td code { overflow-wrap: anywhere; }
      th, td { text-align: left; vertical-align: top; padding: .45rem .6rem;
        border-bottom: 1px solid var(--line); }
      th { font-size: .78rem; text-transform: uppercase; letter-spacing: .05em;
        color: var(--muted); border-bottom: 2px solid var(--line); }
      td.num, .num { font-variant-numeric: tabular-nums; white-space: nowrap; font-weight: 600; }
      a { color: inherit; text-decoration-color: var(--line); }
      .status { display: inline-block; padding: .05rem .6rem; border-radius: 999px;
        font-size: .85em; font-weight: 600; white-space: nowrap; border: 1px solid; }
      .compliant { color: #116329; background: #dafbe1; border-color: #8fd8a0; }
      .non-compliant { color: #a40e26; background: #ffebe9; border-color: #ffaba8; }
      .not-verifiable { color: #7d4e00; background: #fff8c5; border-color: #e2c458; }
      .not-applicable { color: #424a53; background: #eef1f4; border-color: #c5ced6; }
      .out-of-scope { color: #59636e; background: #fff; border-color: #c5ced6; }
      section.clause { border: 1px solid var(--line); border-radius: 6px; padding: 1rem 1.2rem;
        margin: 0 0 1rem; }
      section.clause.out-of-scope-clause { padding: .6rem 1.2rem; color: var(--muted); }
      .reason { margin: .2rem 0 .5rem; }
      .promise { margin: 0; color: var(--muted); font-size: .93rem; }
      .promise b { font-weight: 600; }
      ul.evidence { margin: 0; padding-left: 1.2rem; }
      ul.records { margin: .2rem 0 .3rem; padding-left: 1.1rem; font-size: .92em; color: var(--muted); }
      .sev { font-weight: 700; text-transform: uppercase; font-size: .8em; letter-spacing: .04em; }
      .sev-critical { color: #82071e; } .sev-high { color: #a40e26; }
      .sev-medium { color: #7d4e00; } .sev-low { color: #0a3069; }
      code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .88em;
        background: var(--soft); padding: .05rem .3rem; border-radius: 4px; }
      footer { margin-top: 2.5rem; padding-top: 1rem; border-top: 1px solid var(--line);
        font-size: .85rem; color: var(--muted); }
      footer code { word-break: break-all; color: var(--ink); }
      @media print {
        @page { size: A4; margin: 16mm 14mm; }
        body { max-width: none; margin: 0; padding: 0; font-size: 10pt; line-height: 1.4; }
        table { font-size: 8.5pt; }
        th, td { padding: .25rem .4rem; }
        section.clause { padding: .6rem .8rem; }
        h2, h3, h4 { break-after: avoid; }
        section.clause.compact, tr { break-inside: avoid; }
        thead { display: table-header-group; }
        .status, dl.meta, code { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        a { text-decoration: none; }
      }
      """;

  @Override
  public String render(ComplianceReport r) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.append("<meta name=\"generator\" content=\"Rempart ")
        .append(esc(r.rempartVersion()))
        .append("\">\n");
    h.append("<title>")
        .append(
            esc(ReportText.TITLE + " - " + r.baseline().name() + " - " + ReportText.generated(r)))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n");
    header(h, r);
    h.append("<main>\n<h2>Summary</h2>\n");
    summary(h, r);
    h.append("<h2>Clauses</h2>\n");
    r.clauses().forEach(c -> clause(h, c));
    if (!r.otherFindings().isEmpty()) {
      h.append("<h2>Findings citing no clause of the catalogue</h2>\n");
      findings(h, r.otherFindings());
    }
    h.append("<h2>Notes</h2>\n<ul>\n");
    r.notes().forEach(n -> h.append("<li>").append(esc(n)).append("</li>\n"));
    h.append("</ul>\n</main>\n<footer>\n<p>Integrity: <code>")
        .append(ReportDigest.PLACEHOLDER)
        .append("</code></p>\n<p>")
        .append(esc(ReportText.VERIFY_HINT))
        .append("</p>\n</footer>\n</body>\n</html>\n");
    return h.toString();
  }

  private static void header(StringBuilder h, ComplianceReport r) {
    h.append("<header>\n<p class=\"eyebrow\">Rempart &middot; evidence for auditors</p>\n");
    h.append("<h1>").append(esc(ReportText.TITLE)).append("</h1>\n<dl class=\"meta\">\n");
    meta(h, "Baseline", ReportText.baseline(r));
    meta(h, "Examined", ReportText.source(r));
    meta(h, "Generated", ReportText.generated(r) + " by Rempart " + r.rempartVersion());
    meta(
        h,
        "Governed namespaces",
        r.governedNamespaces().size() + ": " + ReportText.namespaces(r.governedNamespaces()));
    h.append("</dl>\n<div class=\"tally\">");
    for (Map.Entry<ClauseStatus, Integer> e : r.countByStatus().entrySet()) {
      if (e.getValue() > 0) {
        h.append("<span class=\"status ")
            .append(e.getKey().id())
            .append("\">")
            .append(e.getValue())
            .append(' ')
            .append(e.getKey().label())
            .append("</span>");
      }
    }
    h.append("</div>\n</header>\n");
  }

  private static void meta(StringBuilder h, String key, String value) {
    h.append("<dt>").append(esc(key)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
  }

  private static void summary(StringBuilder h, ComplianceReport r) {
    h.append("<table class=\"summary\">\n<colgroup><col class=\"c-num\"><col class=\"c-title\">");
    h.append(
        "<col class=\"c-status\"><col></colgroup>\n<thead><tr><th>Clause</th><th>Title</th><th>Status</th>");
    h.append("<th>Reason</th></tr></thead>\n<tbody>\n");
    for (ClauseAssessment c : r.clauses()) {
      h.append("<tr><td class=\"num\"><a href=\"#")
          .append(anchor(c))
          .append("\">")
          .append(esc(c.clause().number()))
          .append("</a></td><td>")
          .append(esc(c.clause().title()))
          .append("</td><td>")
          .append(badge(c.status()))
          .append("</td><td>")
          .append(esc(c.reason()))
          .append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n");
  }

  private static void clause(StringBuilder h, ClauseAssessment c) {
    boolean outOfScope = c.status() == ClauseStatus.OUT_OF_SCOPE;
    h.append("<section class=\"clause")
        .append(outOfScope ? " out-of-scope-clause" : "")
        // A short section stays on one page; one with findings may break between rows.
        .append(c.findings().isEmpty() ? " compact" : "")
        .append("\" id=\"")
        .append(anchor(c))
        .append("\">\n<h3><span class=\"num\">")
        .append(esc(c.clause().number()))
        .append("</span> ")
        .append(esc(c.clause().title()))
        .append(' ')
        .append(badge(c.status()))
        .append("</h3>\n<p class=\"reason\">")
        .append(esc(c.reason()))
        .append("</p>\n<p class=\"promise\"><b>The addendum promises:</b> ")
        .append(esc(c.clause().promise()))
        .append("</p>\n");
    if (!c.evidence().isEmpty()) {
      h.append("<h4>Evidence</h4>\n<ul class=\"evidence\">\n");
      for (ControlEvidence e : c.evidence()) {
        h.append("<li>").append(esc(ReportText.evidence(e)));
        if (!e.namespaces().isEmpty()) {
          h.append(" Namespaces: ").append(esc(ReportText.namespaces(e.namespaces()))).append('.');
        }
        if (!e.records().isEmpty()) {
          h.append("\n<ul class=\"records\">\n");
          ReportText.records(e).forEach(r -> h.append("<li>").append(esc(r)).append("</li>\n"));
          h.append("</ul>");
        }
        h.append("</li>\n");
      }
      h.append("</ul>\n");
    }
    if (!c.findings().isEmpty()) {
      h.append("<h4>Findings</h4>\n");
      findings(h, c.findings());
    }
    h.append("</section>\n");
  }

  private static void findings(StringBuilder h, List<Finding> findings) {
    h.append("<table class=\"findings\">\n<colgroup><col class=\"c-sev\"><col class=\"c-res\">");
    h.append(
        "<col class=\"c-check\"><col></colgroup>\n<thead><tr><th>Severity</th><th>Resource</th>");
    h.append("<th>Check</th><th>What is wrong and how to fix it</th></tr></thead>\n<tbody>\n");
    for (Finding f : findings) {
      h.append("<tr><td><span class=\"sev sev-")
          .append(f.severity().id())
          .append("\">")
          .append(f.severity().id())
          .append("</span></td><td><code>")
          .append(breakable(f.resource().display()))
          .append("</code></td><td><code>")
          .append(breakable(f.control() + "/" + f.check()))
          .append("</code></td><td>")
          .append(esc(f.message()))
          .append("</td></tr>\n");
    }
    h.append("</tbody>\n</table>\n");
  }

  private static String badge(ClauseStatus status) {
    return "<span class=\"status " + status.id() + "\">" + status.label() + "</span>";
  }

  private static String anchor(ClauseAssessment c) {
    return "clause-" + c.clause().numbers().get(0).replace('.', '-');
  }

  /** Escaped, with a line-break opportunity after each slash (namespace/name, control/check). */
  private static String breakable(String s) {
    return esc(s).replace("/", "/<wbr>");
  }

  static String esc(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(ch);
      }
    }
    return out.toString();
  }
}
