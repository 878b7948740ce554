package dev.rempart.core.controls.auditlogging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.core.ControlResult;
import dev.rempart.core.Evidence;
import org.junit.jupiter.api.Test;

class RecordRetentionTest {
  private static Evidence check(RecordRetention.SinkLock lock) {
    ControlResult.Builder out = ControlResult.builder();
    RecordRetention.check(lock, out);
    ControlResult result = out.build();
    assertThat(result.evidence()).hasSize(1);
    assertThat(result.findings()).isEmpty();
    return result.evidence().get(0);
  }

  @Test
  void aYearInComplianceModeIsCompliant() {
    Evidence evidence = check(new RecordRetention.SinkLock("audit-logs", "COMPLIANCE", 365));

    assertThat(evidence.status()).isEqualTo(Evidence.Status.COMPLIANT);
    assertThat(evidence.clause()).isEqualTo("4.6");
    assertThat(evidence.reason()).contains("bucket audit-logs", "COMPLIANCE for 365 days");
  }

  @Test
  void standardOutputAloneIsNotVerifiable() {
    assertThat(check(null).status()).isEqualTo(Evidence.Status.NOT_VERIFIABLE);
  }

  @Test
  void lessIsNonCompliant() {
    assertThat(check(new RecordRetention.SinkLock("b", "GOVERNANCE", 400)).status())
        .isEqualTo(Evidence.Status.NON_COMPLIANT);
    assertThat(check(new RecordRetention.SinkLock("b", "COMPLIANCE", 90)).reason())
        .contains("at least 365 days is required");
  }
}
