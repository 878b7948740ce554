package dev.rempart.core.controls.vulnerabilities;

import dev.rempart.api.trivy.VulnerabilityReport;
import dev.rempart.io.ManifestReader;

/** VulnerabilityReports as Trivy Operator writes them, for the tests. */
final class Reports {
  private Reports() {}

  /**
   * A report of one container of a Deployment.
   *
   * @param vulnerabilities YAML flow items: {@code {vulnerabilityID: CVE-1, ...}}
   */
  static VulnerabilityReport report(
      String namespace,
      String name,
      String deployment,
      String repository,
      String tag,
      String scannedAt,
      String... vulnerabilities) {
    String yaml =
        """
        apiVersion: aquasecurity.github.io/v1alpha1
        kind: VulnerabilityReport
        metadata:
          name: %s
          namespace: %s
          creationTimestamp: '%s'
          labels:
            trivy-operator.resource.kind: Deployment
            trivy-operator.resource.name: %s
            trivy-operator.resource.namespace: %s
            trivy-operator.container.name: app
        report:
          updateTimestamp: '%s'
          registry: {server: ghcr.io}
          artifact: {repository: %s, tag: '%s'}
          scanner: {name: Trivy, vendor: Aqua Security, version: 0.50.0}
          summary: {criticalCount: 0, highCount: 0, mediumCount: 0, lowCount: 0}
          vulnerabilities: [%s]
        """
            .formatted(
                name,
                namespace,
                scannedAt,
                deployment,
                namespace,
                scannedAt,
                repository,
                tag,
                String.join(", ", vulnerabilities));
    return (VulnerabilityReport) ManifestReader.parse(yaml).get(0);
  }

  static String cve(String id, String severity, String pkg, String fixed) {
    return "{vulnerabilityID: %s, severity: %s, resource: %s, installedVersion: '1.0',"
            .formatted(id, severity, pkg)
        + " fixedVersion: '%s', title: a long title, primaryLink: 'https://x'}".formatted(fixed);
  }
}
