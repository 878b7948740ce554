package dev.rempart.core.controls.vulnerabilities;

import dev.rempart.api.trivy.ScanReport;
import dev.rempart.api.trivy.VulnerabilityReport;
import dev.rempart.core.ResourceRef;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** What a VulnerabilityReport says about the image and workload it scanned. */
final class ScannedImage {
  private ScannedImage() {}

  /**
   * The repository with its registry, the key of the first-seen clocks: a new tag of the same
   * repository keeps them. Null when the report names no repository.
   */
  static String repository(VulnerabilityReport report) {
    ScanReport scan = report.getReport();
    if (scan == null || scan.getArtifact() == null || blank(scan.getArtifact().getRepository())) {
      return null;
    }
    String repository = scan.getArtifact().getRepository();
    String server = scan.getRegistry() == null ? null : scan.getRegistry().getServer();
    return blank(server) ? repository : server + "/" + repository;
  }

  /** The image as a person would pull it: repository with its tag or digest. */
  static String image(VulnerabilityReport report) {
    String repository = repository(report);
    ScanReport.Artifact artifact = report.getReport().getArtifact();
    if (!blank(artifact.getTag())) {
      return repository + ":" + artifact.getTag();
    }
    return blank(artifact.getDigest()) ? repository : repository + "@" + artifact.getDigest();
  }

  /**
   * When the scan that wrote the report ran: {@code report.updateTimestamp}, else the report's
   * creation time, else null. The vulnerabilities it lists were present at least since then.
   */
  static Instant scannedAt(VulnerabilityReport report) {
    ScanReport scan = report.getReport();
    Instant updated = scan == null ? null : parse(scan.getUpdateTimestamp());
    if (updated != null) {
      return updated;
    }
    return report.getMetadata() == null ? null : parse(report.getMetadata().getCreationTimestamp());
  }

  /**
   * The workload the report is about, from Trivy Operator's labels; the report itself when they are
   * missing.
   */
  static ResourceRef workload(VulnerabilityReport report) {
    String kind = report.label(VulnerabilityReport.RESOURCE_KIND_LABEL);
    String name = report.label(VulnerabilityReport.RESOURCE_NAME_LABEL);
    String namespace = report.getMetadata().getNamespace();
    if (blank(kind) || blank(name)) {
      return ResourceRef.of(report);
    }
    return new ResourceRef(apiVersionOf(kind), kind, namespace, name);
  }

  /** The container the report is about, or "?" when the label is missing. */
  static String container(VulnerabilityReport report) {
    String container = report.label(VulnerabilityReport.CONTAINER_NAME_LABEL);
    return blank(container) ? "?" : container;
  }

  private static String apiVersionOf(String kind) {
    return switch (kind.toLowerCase(Locale.ROOT)) {
      case "deployment", "statefulset", "daemonset", "replicaset" -> "apps/v1";
      case "job", "cronjob" -> "batch/v1";
      default -> "v1";
    };
  }

  static Instant parse(String time) {
    if (blank(time)) {
      return null;
    }
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
