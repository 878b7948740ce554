package dev.rempart.it;

import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.api.v1alpha1.ControlStatus;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.cli.CliRun;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One set of manifests, two paths: `rempart audit` on the files, and the operator on a real API
 * server where the same manifests were applied. Both report the same findings, control by control
 * and severity by severity, and the operator's examples are among the audit's findings.
 */
class AuditOperatorParityIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static KubernetesClient admin;
  private static RunningOperator operator;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    admin = ControlPlane.adminClient();
    operator = RunningOperator.startUnderChartRbac();
  }

  @AfterAll
  static void stop() {
    operator.close();
    admin.close();
  }

  @Test
  void auditAndOperatorFindTheSameOnTheSameManifests() throws Exception {
    String label = unique("parity");
    String shop = unique("shop");
    String pay = unique("pay");
    String manifests =
        """
        apiVersion: v1
        kind: Namespace
        metadata: {name: %1$s, labels: {%3$s: "true", rempart.dev/environment: production}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: %2$s, labels: {%3$s: "true"}}
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: allow-everything, namespace: %1$s}
        spec:
          podSelector: {}
          ingress: [{}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: legacy, namespace: %2$s}
        spec:
          selector: {matchLabels: {app: legacy}}
          template:
            metadata: {labels: {app: legacy}}
            spec:
              hostNetwork: true
              containers:
                - name: app
                  image: registry.example/legacy:latest
                  securityContext: {privileged: true}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: legacy, namespace: %2$s}
        spec:
          type: NodePort
          selector: {app: legacy}
          ports: [{port: 80}]
        """
            .formatted(shop, pay, label);
    String baselineName = unique("parity");
    String baseline =
        """
        apiVersion: rempart.dev/v1alpha1
        kind: SecurityBaseline
        metadata: {name: %s}
        spec:
          mode: Audit
          namespaceSelector: {matchLabels: {%s: "true"}}
          network: {}
          podSecurity: {level: restricted}
          environments: {allowed: [production, development], isolated: [production]}
        """
            .formatted(baselineName, label);

    Path manifestFile = Files.writeString(dir.resolve("manifests.yaml"), manifests);
    Path baselineFile = Files.writeString(dir.resolve("baseline.yaml"), baseline);
    CliRun.Result audit =
        CliRun.run(
            "audit",
            "-f",
            manifestFile.toString(),
            "--baseline",
            baselineFile.toString(),
            "-o",
            "json",
            "--fail-on",
            "none");
    assertThat(audit.exitCode()).as(audit.err()).isZero();
    JsonNode report = new ObjectMapper().readTree(audit.out());

    for (HasMetadata object : ManifestReader.parse(manifests)) {
      admin.resource(object).create();
    }
    admin.resource(Fixtures.baseline(baseline)).create();

    Map<String, Map<String, Integer>> byAudit = countsByControl(report);
    assertThat(report.at("/summary/findings/total").asInt()).isPositive();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              SecurityBaseline status =
                  admin.resources(SecurityBaseline.class).withName(baselineName).get();
              assertThat(status.getStatus()).isNotNull();
              assertThat(countsByControl(status)).isEqualTo(byAudit);
              assertThat(status.getStatus().getSummary().getFindings().getTotal())
                  .isEqualTo(report.at("/summary/findings/total").asInt());
              List<String> auditHeadlines = headlines(report);
              assertThat(status.getStatus().getSummary().getExamples())
                  .isNotEmpty()
                  .allSatisfy(e -> assertThat(auditHeadlines).contains(e));
            });
    admin.resources(SecurityBaseline.class).withName(baselineName).delete();
  }

  private static Map<String, Map<String, Integer>> countsByControl(JsonNode report) {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    for (JsonNode f : report.get("findings")) {
      counts
          .computeIfAbsent(f.get("control").asText(), k -> new TreeMap<>())
          .merge(f.get("severity").asText(), 1, Integer::sum);
    }
    return counts;
  }

  private static Map<String, Map<String, Integer>> countsByControl(SecurityBaseline baseline) {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    for (ControlStatus c : baseline.getStatus().getControls()) {
      Map<String, Integer> bySeverity = new HashMap<>();
      bySeverity.put("critical", c.getFindings().getCritical());
      bySeverity.put("high", c.getFindings().getHigh());
      bySeverity.put("medium", c.getFindings().getMedium());
      bySeverity.put("low", c.getFindings().getLow());
      bySeverity.values().removeIf(n -> n == 0);
      if (!bySeverity.isEmpty()) {
        counts.put(c.getName(), new TreeMap<>(bySeverity));
      }
    }
    return counts;
  }

  /**
   * The audit's findings as the status writes its examples: severity clause control/check resource.
   */
  private static List<String> headlines(JsonNode report) {
    return java.util.stream.StreamSupport.stream(report.get("findings").spliterator(), false)
        .map(
            f -> {
              JsonNode r = f.get("resource");
              String where =
                  r.has("namespace")
                      ? r.get("namespace").asText() + "/" + r.get("name").asText()
                      : r.get("name").asText();
              return f.get("severity").asText()
                  + " "
                  + f.get("clause").asText()
                  + " "
                  + f.get("control").asText()
                  + "/"
                  + f.get("check").asText()
                  + " "
                  + r.get("kind").asText()
                  + " "
                  + where;
            })
        .toList();
  }
}
