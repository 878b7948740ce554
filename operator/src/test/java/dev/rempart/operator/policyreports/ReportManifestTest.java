package dev.rempart.operator.policyreports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import dev.rempart.core.policyreports.ReportContent;
import dev.rempart.core.policyreports.ReportEntry;
import dev.rempart.core.policyreports.ReportEntry.Outcome;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportManifestTest {
  private static final Map<String, Object> OWNER =
      Map.of(
          "apiVersion",
          "rempart.dev/v1alpha1",
          "kind",
          "SecurityBaseline",
          "name",
          "b",
          "uid",
          "u-1");
  private static final Instant T1 = Instant.parse("2026-11-28T10:00:00Z");
  private static final Instant T2 = Instant.parse("2026-11-28T11:00:00Z");

  @Test
  void theHashIgnoresTimestampsAndFollowsTheContent() {
    ReportContent content = content("team-a", 3, 0);
    ReportManifest first = manifest(content, ReportFormat.OPENREPORTS);
    ReportManifest later = manifest(content, ReportFormat.OPENREPORTS);
    ReportManifest changed = manifest(content("team-a", 4, 0), ReportFormat.OPENREPORTS);

    assertThat(later.contentHash()).isEqualTo(first.contentHash());
    assertThat(later.body(T2)).isNotEqualTo(first.body(T1));
    assertThat(changed.contentHash()).isNotEqualTo(first.contentHash());
  }

  @Test
  @SuppressWarnings("unchecked")
  void anOpenReportsReportCarriesItsSourceScopeLimitsAndEveryResultField() {
    ReportManifest manifest = manifest(content("team-a", 1, 2), ReportFormat.OPENREPORTS);
    Map<String, Object> body = manifest.body(T1);

    assertThat(body)
        .containsEntry("apiVersion", "openreports.io/v1alpha1")
        .containsEntry("kind", "Report")
        .containsEntry("source", "rempart")
        .containsEntry("configuration", Map.of("limits", Map.of("maxResults", 100)))
        .containsEntry("scope", Map.of("apiVersion", "v1", "kind", "Namespace", "name", "team-a"));
    Map<String, Object> metadata = (Map<String, Object>) body.get("metadata");
    assertThat(metadata).containsEntry("name", "rempart-b").containsEntry("namespace", "team-a");
    assertThat((Map<String, String>) metadata.get("annotations"))
        .containsEntry(ReportManifest.HASH_ANNOTATION, manifest.contentHash())
        .containsKey(ReportManifest.OMITTED_ANNOTATION);
    Map<String, Object> result = ((List<Map<String, Object>>) body.get("results")).get(0);
    assertThat(result)
        .containsEntry("source", "rempart")
        .containsEntry("policy", "b")
        .containsEntry("rule", "podSecurity/privileged")
        .containsEntry("category", "4.5")
        .containsEntry("severity", "high")
        .containsEntry("result", "fail")
        .containsEntry("timestamp", Map.of("seconds", T1.getEpochSecond(), "nanos", 0))
        .containsEntry(
            "resources",
            List.of(
                Map.of("apiVersion", "v1", "kind", "Pod", "namespace", "team-a", "name", "p0")));
  }

  @Test
  void aPolicyReportHasNoReportLevelSourceOrLimitsAndTheClusterReportNoScope() {
    Map<String, Object> body = manifest(content(null, 1, 0), ReportFormat.WGPOLICY).body(T1);

    assertThat(body)
        .containsEntry("apiVersion", "wgpolicyk8s.io/v1alpha2")
        .containsEntry("kind", "ClusterPolicyReport")
        .doesNotContainKeys("source", "configuration", "scope");
  }

  @Test
  void aFullReportStaysFarBelowTheApiServersObjectSizeLimit() {
    List<ReportEntry> entries = new ArrayList<>();
    for (int i = 0; i < ReportSettings.MAX_MAX_RESULTS; i++) {
      entries.add(
          new ReportEntry(
              "podSecurity/privileged",
              "4.5",
              Severity.HIGH,
              Outcome.FAIL,
              new ResourceRef("apps/v1", "Deployment", "n".repeat(63), "d".repeat(253)),
              "m".repeat(1024),
              Map.of("control", "podSecurity", "check", "privileged")));
    }
    ReportContent content =
        new ReportContent("n".repeat(63), new ReportContent.Summary(0, 50_000, 0), entries, 49_500);

    String json =
        new KubernetesSerialization()
            .asJson(ReportManifest.of(content, ReportFormat.OPENREPORTS, 500, OWNER, "b").body(T1));

    assertThat(json.getBytes(StandardCharsets.UTF_8).length)
        .as("bytes of the largest possible report; etcd's limit is 1.5 MiB")
        .isLessThan(1_572_864);
  }

  private static ReportManifest manifest(ReportContent content, ReportFormat format) {
    return ReportManifest.of(content, format, 100, OWNER, "b");
  }

  private static ReportContent content(String namespace, int fails, int omitted) {
    List<ReportEntry> entries = new ArrayList<>();
    for (int i = 0; i < fails; i++) {
      entries.add(
          new ReportEntry(
              "podSecurity/privileged",
              "4.5",
              Severity.HIGH,
              Outcome.FAIL,
              new ResourceRef("v1", "Pod", namespace, "p" + i),
              "Pod p" + i + " is privileged.",
              Map.of("control", "podSecurity", "check", "privileged")));
    }
    return new ReportContent(
        namespace, new ReportContent.Summary(0, fails + omitted, 0), entries, omitted);
  }
}
