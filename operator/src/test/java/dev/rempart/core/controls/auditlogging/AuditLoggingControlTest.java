package dev.rempart.core.controls.auditlogging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.AuditLoggingSpec;
import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.api.v1alpha1.NamespaceSelector;
import dev.rempart.api.v1alpha1.RecordStatus;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import dev.rempart.api.v1alpha1.SecurityBaselineStatus;
import dev.rempart.core.ControlContext;
import dev.rempart.core.ControlResult;
import dev.rempart.core.Evidence;
import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AuditLoggingControlTest {
  private static Pod apiServer(String namespace, String... flags) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("kube-apiserver-cp")
        .withNamespace(namespace)
        .addToLabels("component", "kube-apiserver")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("kube-apiserver")
        .withCommand(List.of(flags))
        .endContainer()
        .endSpec()
        .build();
  }

  private static SecurityBaseline baseline(RecordStatus record) {
    SecurityBaselineSpec spec = new SecurityBaselineSpec();
    spec.setNamespaceSelector(new NamespaceSelector());
    spec.setAuditLogging(new AuditLoggingSpec());
    SecurityBaseline b = new SecurityBaseline();
    b.setMetadata(new ObjectMetaBuilder().withName("b").build());
    b.setSpec(spec);
    if (record != null) {
      SecurityBaselineStatus status = new SecurityBaselineStatus();
      status.setRecord(record);
      b.setStatus(status);
    }
    return b;
  }

  private static Map<String, Evidence> run(SecurityBaseline baseline, Pod... pods) {
    ControlResult result =
        new AuditLoggingControl()
            .evaluate(
                new ControlContext(
                    baseline, Mode.Audit, List.of(), Snapshot.of(pods), Instant.EPOCH));
    return result.evidence().stream()
        .collect(Collectors.toMap(Evidence::check, Function.identity()));
  }

  private static RecordStatus published(String bucket, String mode, Long days) {
    RecordStatus record = new RecordStatus();
    record.setSinks(bucket == null ? "standard output" : "standard output, S3 bucket " + bucket);
    record.setBucket(bucket);
    record.setRetentionMode(mode);
    record.setRetentionDays(days);
    return record;
  }

  @Test
  void withoutAnApiServerPodOrAPublishedRecordNothingPasses() {
    Map<String, Evidence> evidence = run(baseline(null));
    assertThat(evidence.values())
        .extracting(Evidence::status)
        .containsOnly(Evidence.Status.NOT_VERIFIABLE);
    assertThat(evidence.get("recordRetention").reason()).contains("status.record.sinks");
  }

  @Test
  void readsTheApiServerInKubeSystemOnly() {
    String[] flags = {
      "kube-apiserver",
      "--audit-policy-file=/etc/kubernetes/audit.yaml",
      "--audit-log-path=/var/log/audit.log",
      "--audit-log-maxage=400"
    };
    assertThat(run(baseline(null), apiServer("kube-system", flags)).get("apiServerAuditRetention"))
        .extracting(Evidence::status)
        .isEqualTo(Evidence.Status.COMPLIANT);
    // The same pod elsewhere is anyone's pod, not the control plane.
    assertThat(run(baseline(null), apiServer("tenant", flags)).get("apiServerAuditRetention"))
        .extracting(Evidence::status)
        .isEqualTo(Evidence.Status.NOT_VERIFIABLE);
  }

  @Test
  void theRecordsRetentionIsWhatTheOperatorPublished() {
    assertThat(run(baseline(published("audit", "COMPLIANCE", 365L))).get("recordRetention"))
        .extracting(Evidence::status)
        .isEqualTo(Evidence.Status.COMPLIANT);
    assertThat(run(baseline(published("audit", "COMPLIANCE", 30L))).get("recordRetention"))
        .extracting(Evidence::status)
        .isEqualTo(Evidence.Status.NON_COMPLIANT);
    Evidence stdout = run(baseline(published(null, null, null))).get("recordRetention");
    assertThat(stdout.status()).isEqualTo(Evidence.Status.NOT_VERIFIABLE);
    assertThat(stdout.reason()).contains("standard output only");
  }
}
