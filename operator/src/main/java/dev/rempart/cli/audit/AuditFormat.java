package dev.rempart.cli.audit;

import java.util.Locale;

/** The output formats of {@code rempart audit}. */
public enum AuditFormat {
  /** For people in a terminal: grouped by clause, coloured when the terminal supports it. */
  TABLE(new TableFormatter()),
  /** The stable machine-readable schema of {@code docs/audit-json-schema.json}. */
  JSON(new JsonFormatter()),
  /** SARIF 2.1.0, for code-scanning dashboards. */
  SARIF(new SarifFormatter()),
  /** JUnit XML: one test case per resource and control, for CI test reports. */
  JUNIT(new JunitFormatter()),
  /** Markdown, for a pull-request comment. */
  MARKDOWN(new MarkdownFormatter());

  private final AuditFormatter formatter;

  AuditFormat(AuditFormatter formatter) {
    this.formatter = formatter;
  }

  public AuditFormatter formatter() {
    return formatter;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
