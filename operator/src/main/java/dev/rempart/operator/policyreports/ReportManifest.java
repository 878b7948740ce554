package dev.rempart.operator.policyreports;

import dev.rempart.core.ManagedObjects;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.policyreports.ReportContent;
import dev.rempart.core.policyreports.ReportEntry;
import dev.rempart.core.policyreports.ReportEntry.Outcome;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One policy report of a baseline in the chosen format, with a hash of what it says (everything but
 * its timestamps): the report is written only when that hash changes, and its body, the object the
 * API server receives, is built only then.
 *
 * @param key where it lives: format, kind, namespace and name
 * @param baseline the baseline it reports on
 * @param content what it says
 * @param maxResults the results limit it declares
 * @param owner the baseline's owner reference
 * @param contentHash the hash of its content, also kept in its {@link #HASH_ANNOTATION}
 */
record ReportManifest(
    ReportKey key,
    String baseline,
    ReportContent content,
    int maxResults,
    Map<String, Object> owner,
    String contentHash) {
  /** Source of every result, as readers such as Policy Reporter group them. */
  static final String SOURCE = "rempart";

  /** The content hash the report was written with. */
  static final String HASH_ANNOTATION = "rempart.dev/content-hash";

  /** Present when results were left out: how many, and that the summary counts them. */
  static final String OMITTED_ANNOTATION = "rempart.dev/results-omitted";

  /** The name of every report of a baseline, in each namespace and for the cluster. */
  static String name(String baseline) {
    String name = "rempart-" + baseline;
    return name.length() <= 253 ? name : name.substring(0, 253);
  }

  /**
   * The report for one content of one baseline.
   *
   * @param owner the baseline's apiVersion, kind, name and uid, as its owner reference
   * @param at the time written into its results
   */
  static ReportManifest of(
      ReportContent content,
      ReportFormat format,
      int maxResults,
      Map<String, Object> owner,
      String baseline) {
    ReportKey key = keyOf(content, format, baseline);
    String hash = hash(build(content, maxResults, owner, baseline, key, null, null));
    return new ReportManifest(key, baseline, content, maxResults, owner, hash);
  }

  /** Where the report about {@code content} lives. */
  static ReportKey keyOf(ReportContent content, ReportFormat format, String baseline) {
    return new ReportKey(format, content.clusterScoped(), content.namespace(), name(baseline));
  }

  /** True when this manifest says what a new one for {@code content} and {@code owner} would. */
  boolean says(ReportContent content, Map<String, Object> owner) {
    return this.content.equals(content) && this.owner.equals(owner);
  }

  /** The object to apply, with {@code at} as the time of every result. */
  Map<String, Object> body(Instant at) {
    return build(content, maxResults, owner, baseline, key, timestamp(at), contentHash);
  }

  private static Map<String, Object> build(
      ReportContent content,
      int maxResults,
      Map<String, Object> owner,
      String baseline,
      ReportKey key,
      Map<String, Object> timestamp,
      String hash) {
    ReportFormat format = key.format();
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("apiVersion", format.apiVersion());
    report.put("kind", format.kind(key.clusterScoped()));
    report.put("metadata", metadata(content, owner, baseline, key, hash));
    if (format.hasReportLevelFields()) {
      report.put("source", SOURCE);
      report.put("configuration", Map.of("limits", Map.of("maxResults", maxResults)));
    }
    if (!key.clusterScoped()) {
      report.put(
          "scope", Map.of("apiVersion", "v1", "kind", "Namespace", "name", content.namespace()));
    }
    ReportContent.Summary summary = content.summary();
    report.put(
        "summary",
        Map.of(
            "pass",
            summary.pass(),
            "fail",
            summary.fail(),
            "warn",
            0,
            "error",
            0,
            "skip",
            summary.skip()));
    List<Map<String, Object>> results = new ArrayList<>();
    for (ReportEntry entry : content.entries()) {
      results.add(result(entry, baseline, content, timestamp));
    }
    report.put("results", results);
    return report;
  }

  private static Map<String, Object> metadata(
      ReportContent content,
      Map<String, Object> owner,
      String baseline,
      ReportKey key,
      String hash) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", key.name());
    if (!key.clusterScoped()) {
      metadata.put("namespace", key.namespace());
    }
    metadata.put(
        "labels",
        Map.of(
            ManagedObjects.MANAGED_BY_LABEL,
            ManagedObjects.MANAGED_BY_VALUE,
            ManagedObjects.BASELINE_LABEL,
            baseline));
    Map<String, Object> annotations = new LinkedHashMap<>();
    if (hash != null) {
      annotations.put(HASH_ANNOTATION, hash);
    }
    if (content.omitted() > 0) {
      annotations.put(
          OMITTED_ANNOTATION,
          content.omitted()
              + " of "
              + content.summary().total()
              + " results left out to keep the report small; the summary counts all of them."
              + " `rempart report` or the baseline's status list every finding.");
    }
    if (!annotations.isEmpty()) {
      metadata.put("annotations", annotations);
    }
    metadata.put("ownerReferences", List.of(owner));
    return metadata;
  }

  private static Map<String, Object> result(
      ReportEntry entry, String baseline, ReportContent content, Map<String, Object> timestamp) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("source", SOURCE);
    result.put("policy", baseline);
    result.put("rule", entry.rule());
    result.put("category", entry.category());
    if (entry.severity() != null) {
      result.put("severity", entry.severity().id());
    }
    if (timestamp != null) {
      result.put("timestamp", timestamp);
    }
    result.put("result", entry.outcome().id());
    result.put("scored", entry.outcome() != Outcome.SKIP);
    ResourceRef subject = entry.subject();
    if (subject != null) {
      Map<String, Object> ref = new LinkedHashMap<>();
      ref.put("apiVersion", subject.apiVersion());
      ref.put("kind", subject.kind());
      if (subject.namespace() != null) {
        ref.put("namespace", subject.namespace());
      }
      ref.put("name", subject.name());
      result.put("resources", List.of(ref));
    } else if (!content.clusterScoped()) {
      result.put(
          "resources",
          List.of(Map.of("apiVersion", "v1", "kind", "Namespace", "name", content.namespace())));
    }
    result.put("message", entry.message());
    result.put("properties", new LinkedHashMap<>(new java.util.TreeMap<>(entry.properties())));
    return result;
  }

  private static Map<String, Object> timestamp(Instant at) {
    return Map.of("seconds", at.getEpochSecond(), "nanos", 0);
  }

  /** SHA-256 of the report's content, in a stable order. */
  private static String hash(Map<String, Object> report) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(Canonical.json(report).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
