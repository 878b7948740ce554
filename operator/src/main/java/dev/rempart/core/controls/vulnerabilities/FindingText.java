package dev.rempart.core.controls.vulnerabilities;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** The words of the vulnerabilities control's findings. */
final class FindingText {
  /** A finding lists this many vulnerabilities, then says how many more there are. */
  static final int LISTED = 10;

  private FindingText() {}

  /**
   * {@code 2 critical vulnerabilities past their SLA in image ghcr.io/org/app:1.2 (container app):
   * CVE-1 in openssl 3.0.1, fix 3.0.8, due 2026-10-01, 60 days overdue; ...}
   */
  static String of(
      SlaState state,
      String severity,
      List<AssessedVulnerability> items,
      String image,
      String container,
      Instant now) {
    StringBuilder text = new StringBuilder();
    text.append(items.size())
        .append(' ')
        .append(severity)
        .append(items.size() == 1 ? " vulnerability " : " vulnerabilities ")
        .append(headline(state, items.size() == 1))
        .append(" in image ")
        .append(image)
        .append(" (container ")
        .append(container)
        .append("): ");
    for (int i = 0; i < Math.min(items.size(), LISTED); i++) {
      if (i > 0) {
        text.append("; ");
      }
      text.append(item(state, items.get(i), now));
    }
    if (items.size() > LISTED) {
      text.append("; and ").append(items.size() - LISTED).append(" more");
    }
    text.append(". ").append(advice(state));
    if (items.stream().anyMatch(a -> !a.fromStore())) {
      text.append(
          " First seen taken from the report's scan time: Rempart's first-seen store has no"
              + " entry for it (rempart audit keeps none).");
    }
    return text.toString();
  }

  private static String headline(SlaState state, boolean one) {
    return switch (state) {
      case BREACHED -> one ? "past its SLA" : "past their SLA";
      case DUE_SOON -> "due soon";
      case UNFIXABLE -> "with no fixed version yet";
      default -> one ? "within its SLA" : "within their SLA";
    };
  }

  private static String advice(SlaState state) {
    return switch (state) {
      case BREACHED, DUE_SOON ->
          "Upgrade the packages to their fixed versions and rebuild the image.";
      case UNFIXABLE ->
          "No fix exists yet, so no deadline runs out; watch for a fixed version or mitigate.";
      default -> "";
    };
  }

  private static String item(SlaState state, AssessedVulnerability a, Instant now) {
    StringBuilder text = new StringBuilder(a.vulnerability().getVulnerabilityID());
    if (a.vulnerability().getResource() != null) {
      text.append(" in ").append(a.vulnerability().getResource());
      if (a.vulnerability().getInstalledVersion() != null) {
        text.append(' ').append(a.vulnerability().getInstalledVersion());
      }
    }
    if (state == SlaState.UNFIXABLE) {
      text.append(", first seen ").append(day(a.clockStart()));
      return text.toString();
    }
    text.append(", fixed in ").append(a.vulnerability().getFixedVersion());
    text.append(", due ").append(day(a.due()));
    if (state == SlaState.BREACHED) {
      long overdue = VulnerabilityAssessor.daysOverdue(a.due(), now);
      text.append(", ").append(overdue).append(overdue == 1 ? " day" : " days").append(" overdue");
    } else {
      long days = VulnerabilityAssessor.daysLeft(a.due(), now);
      text.append(" (in ").append(days).append(days == 1 ? " day)" : " days)");
    }
    return text.toString();
  }

  static String day(Instant at) {
    return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
  }
}
