package dev.rempart.operator.policyreports;

/**
 * Where one report lives.
 *
 * @param format its API
 * @param clusterScoped true for the cluster report
 * @param namespace its namespace; null for the cluster report
 * @param name its name
 */
record ReportKey(ReportFormat format, boolean clusterScoped, String namespace, String name) {
  String display() {
    return format.kind(clusterScoped) + " " + (clusterScoped ? name : namespace + "/" + name);
  }
}
