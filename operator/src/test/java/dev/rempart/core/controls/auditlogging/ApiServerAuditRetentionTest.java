package dev.rempart.core.controls.auditlogging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.core.ControlResult;
import dev.rempart.core.Evidence;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiServerAuditRetentionTest {
  private static final String POLICY = "--audit-policy-file=/etc/kubernetes/audit-policy.yaml";
  private static final String PATH = "--audit-log-path=/var/log/kubernetes/audit.log";

  private static Pod apiServer(String... flags) {
    List<String> command = new ArrayList<>(List.of("kube-apiserver", "--v=2"));
    command.addAll(List.of(flags));
    return new PodBuilder()
        .withNewMetadata()
        .withName("kube-apiserver-cp")
        .withNamespace("kube-system")
        .addToLabels("component", "kube-apiserver")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("kube-apiserver")
        .withCommand(command)
        .endContainer()
        .endSpec()
        .build();
  }

  private static ControlResult check(Pod... pods) {
    ControlResult.Builder out = ControlResult.builder();
    ApiServerAuditRetention.check(List.of(pods), out);
    return out.build();
  }

  private static Evidence only(ControlResult result) {
    assertThat(result.evidence()).hasSize(1);
    Evidence evidence = result.evidence().get(0);
    assertThat(evidence.clause()).isEqualTo("4.6");
    assertThat(evidence.control()).isEqualTo("auditLogging");
    return evidence;
  }

  @Test
  void aYearOfFilesIsCompliant() {
    ControlResult result = check(apiServer(POLICY, PATH, "--audit-log-maxage=365"));

    assertThat(only(result).status()).isEqualTo(Evidence.Status.COMPLIANT);
    assertThat(only(result).reason()).contains("365 days (--audit-log-maxage=365)");
    assertThat(result.findings()).isEmpty();
  }

  @Test
  void aWebhookIsCompliantWithItsBackendToEvidence() {
    ControlResult result =
        check(
            apiServer(POLICY, "--audit-webhook-config-file", "/etc/kubernetes/audit-webhook.yaml"));

    assertThat(only(result).status()).isEqualTo(Evidence.Status.COMPLIANT);
    assertThat(only(result).reason()).contains("/etc/kubernetes/audit-webhook.yaml", "backend");
  }

  @Test
  void aShorterRetentionIsAHighFinding() {
    ControlResult result = check(apiServer(POLICY, PATH, "--audit-log-maxage", "30"));

    assertThat(only(result).status()).isEqualTo(Evidence.Status.NON_COMPLIANT);
    assertThat(result.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.HIGH);
              assertThat(f.message()).contains("after 30 days", "--audit-log-maxage=365");
            });
  }

  @Test
  void noPolicyMeansNoAuditEventAtAll() {
    ControlResult result = check(apiServer(PATH, "--audit-log-maxage=400"));

    assertThat(only(result).status()).isEqualTo(Evidence.Status.NON_COMPLIANT);
    assertThat(only(result).reason()).contains("records no audit event");
    assertThat(result.findings()).hasSize(1);
  }

  @Test
  void aPolicyWithoutBackendKeepsNothing() {
    ControlResult result = check(apiServer(POLICY));

    assertThat(only(result).status()).isEqualTo(Evidence.Status.NON_COMPLIANT);
    assertThat(only(result).reason()).contains("no backend");
  }

  @Test
  void whatTheFlagsDoNotShowIsNotVerifiableNeverAPass() {
    assertThat(only(check(apiServer(POLICY, PATH))).status())
        .isEqualTo(Evidence.Status.NOT_VERIFIABLE);
    assertThat(only(check(apiServer(POLICY, "--audit-log-path", "-"))).reason())
        .contains("standard output");
    Evidence backups =
        only(check(apiServer(POLICY, PATH, "--audit-log-maxage=365", "--audit-log-maxbackup=10")));
    assertThat(backups.status()).isEqualTo(Evidence.Status.NOT_VERIFIABLE);
    assertThat(backups.reason()).contains("at most 10 old files");
    assertThat(only(check(apiServer(POLICY, PATH, "--audit-log-maxage=a-year"))).reason())
        .contains("--audit-log-maxage=a-year is not a number");
  }

  @Test
  void aManagedControlPlaneIsNotVerifiable() {
    Evidence evidence = only(check());

    assertThat(evidence.status()).isEqualTo(Evidence.Status.NOT_VERIFIABLE);
    assertThat(evidence.resource()).isNull();
    assertThat(evidence.reason()).contains("managed or hidden", "EKS", "365 days");
  }

  @Test
  void everyApiServerOfAHighlyAvailableControlPlaneIsChecked() {
    Pod good = apiServer(POLICY, PATH, "--audit-log-maxage=365");
    Pod bad =
        new PodBuilder(apiServer(POLICY, PATH, "--audit-log-maxage=7"))
            .editMetadata()
            .withName("kube-apiserver-cp2")
            .endMetadata()
            .build();

    ControlResult result = check(good, bad);

    assertThat(result.evidence())
        .extracting(Evidence::status)
        .containsExactly(Evidence.Status.COMPLIANT, Evidence.Status.NON_COMPLIANT);
    assertThat(result.findings())
        .singleElement()
        .satisfies(f -> assertThat(f.resource().name()).isEqualTo("kube-apiserver-cp2"));
  }
}
