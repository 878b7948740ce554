package dev.rempart.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

class ObjectLockPolicyTest {
  private static final Duration YEAR = Duration.ofDays(365);

  private static ObjectLockConfiguration lock(
      ObjectLockRetentionMode mode, Integer days, Integer years) {
    return ObjectLockConfiguration.builder()
        .objectLockEnabled("Enabled")
        .rule(r -> r.defaultRetention(d -> d.mode(mode).days(days).years(years)))
        .build();
  }

  @Test
  void aYearInComplianceModeIsAccepted() {
    assertThat(
            ObjectLockPolicy.refusal(
                "b", lock(ObjectLockRetentionMode.COMPLIANCE, 365, null), YEAR))
        .isEmpty();
    assertThat(
            ObjectLockPolicy.refusal("b", lock(ObjectLockRetentionMode.COMPLIANCE, null, 1), YEAR))
        .isEmpty();
  }

  @Test
  void anythingLessIsRefusedWithWhatToChange() {
    assertThat(ObjectLockPolicy.refusal("b", null, YEAR))
        .get()
        .asString()
        .contains("no Object Lock");
    assertThat(
            ObjectLockPolicy.refusal(
                "b", ObjectLockConfiguration.builder().objectLockEnabled("Enabled").build(), YEAR))
        .get()
        .asString()
        .contains("no default retention");
    assertThat(
            ObjectLockPolicy.refusal(
                "b", lock(ObjectLockRetentionMode.COMPLIANCE, 364, null), YEAR))
        .get()
        .asString()
        .contains("is 364 days: at least 365");
    assertThat(
            ObjectLockPolicy.refusal(
                "b", lock(ObjectLockRetentionMode.COMPLIANCE, 400, null), Duration.ofDays(730)))
        .get()
        .asString()
        .contains("is 400 days: at least 730");
  }
}
