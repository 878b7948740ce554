package dev.rempart.compliance;

import java.util.Locale;

/** The formats of {@code rempart report}. */
public enum ReportFormat {
  MARKDOWN(new MarkdownReport(), "md"),
  HTML(new HtmlReport(), "html"),
  JSON(new JsonReport(), "json");

  private final ReportRenderer renderer;
  private final String extension;

  ReportFormat(ReportRenderer renderer, String extension) {
    this.renderer = renderer;
    this.extension = extension;
  }

  /** Renders and seals the report. */
  public String render(ComplianceReport report) {
    return ReportDigest.seal(renderer.render(report));
  }

  public String extension() {
    return extension;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
