package dev.rempart.compliance;

/** Renders a report in one format, with {@link ReportDigest#PLACEHOLDER} written once. */
interface ReportRenderer {
  String render(ComplianceReport report);
}
