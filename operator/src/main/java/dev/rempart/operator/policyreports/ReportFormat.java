package dev.rempart.operator.policyreports;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The policy-report APIs Rempart can write its findings to. OpenReports is where the policy-report
 * working group's format moved (Kyverno 1.15+, Kubewarden, Policy Reporter 3.2+ read it); the older
 * {@code wgpolicyk8s.io} PolicyReport is for clusters that still run older readers.
 */
public enum ReportFormat {
  OPENREPORTS("openreports.io", "v1alpha1", "Report", "reports", "ClusterReport", "clusterreports"),
  WGPOLICY(
      "wgpolicyk8s.io",
      "v1alpha2",
      "PolicyReport",
      "policyreports",
      "ClusterPolicyReport",
      "clusterpolicyreports"),
  NONE(null, null, null, null, null, null);

  private final String group;
  private final String version;
  private final String kind;
  private final String plural;
  private final String clusterKind;
  private final String clusterPlural;

  ReportFormat(
      String group,
      String version,
      String kind,
      String plural,
      String clusterKind,
      String clusterPlural) {
    this.group = group;
    this.version = version;
    this.kind = kind;
    this.plural = plural;
    this.clusterKind = clusterKind;
    this.clusterPlural = clusterPlural;
  }

  /** {@code openreports}, {@code wgpolicy} or {@code none}: the value of --report-format. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named by {@link #id()}; the error lists the accepted values. */
  public static ReportFormat parse(String text) {
    return Arrays.stream(values())
        .filter(f -> f.id().equalsIgnoreCase(text))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown report format '"
                        + text
                        + "' (expected "
                        + Arrays.stream(values())
                            .map(ReportFormat::id)
                            .collect(Collectors.joining(", "))
                        + ")"));
  }

  public String apiVersion() {
    return group + "/" + version;
  }

  /** {@code Report} or {@code ClusterReport} (or their PolicyReport names). */
  public String kind(boolean clusterScoped) {
    return clusterScoped ? clusterKind : kind;
  }

  /** The CRD that must be installed for a report kind, e.g. {@code reports.openreports.io}. */
  public String crdName(boolean clusterScoped) {
    return (clusterScoped ? clusterPlural : plural) + "." + group;
  }

  /** Only the OpenReports API has a report-level source and a results limit. */
  boolean hasReportLevelFields() {
    return this == OPENREPORTS;
  }

  String plural(boolean clusterScoped) {
    return clusterScoped ? clusterPlural : plural;
  }

  ResourceDefinitionContext context(boolean clusterScoped) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind(clusterScoped))
        .withPlural(plural(clusterScoped))
        .withNamespaced(!clusterScoped)
        .build();
  }
}
