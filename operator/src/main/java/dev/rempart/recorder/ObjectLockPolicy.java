package dev.rempart.recorder;

import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.DefaultRetention;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockEnabled;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * What a bucket must hold before the record is written to it: Object Lock enabled, and a default
 * retention in COMPLIANCE mode (which nobody, the root account included, can shorten or lift) of at
 * least the record's retention. GOVERNANCE mode is refused: a user with {@code
 * s3:BypassGovernanceRetention} can delete under it.
 */
final class ObjectLockPolicy {
  private ObjectLockPolicy() {}

  /** Why the bucket must not be used, or empty when it may. */
  static Optional<String> refusal(
      String bucket, ObjectLockConfiguration configuration, Duration retention) {
    if (configuration == null || configuration.objectLockEnabled() != ObjectLockEnabled.ENABLED) {
      return Optional.of(noObjectLock(bucket));
    }
    DefaultRetention defaults =
        configuration.rule() == null ? null : configuration.rule().defaultRetention();
    if (defaults == null) {
      return Optional.of(
          "bucket "
              + bucket
              + " has Object Lock but no default retention: set one in COMPLIANCE mode of at"
              + " least "
              + retention.toDays()
              + " days");
    }
    if (defaults.mode() != ObjectLockRetentionMode.COMPLIANCE) {
      return Optional.of(
          "bucket "
              + bucket
              + "'s default retention is in "
              + defaults.modeAsString()
              + " mode: COMPLIANCE is needed (under GOVERNANCE, a user allowed to bypass it can"
              + " delete the record)");
    }
    long days = days(defaults);
    if (days < retention.toDays()) {
      return Optional.of(
          "bucket "
              + bucket
              + "'s default retention is "
              + days
              + " days: at least "
              + retention.toDays()
              + " are needed (addendum clause 4.6)");
    }
    return Optional.empty();
  }

  /** The default retention of a bucket {@link #refusal} accepted. */
  static BucketLock defaultRetention(String bucket, ObjectLockConfiguration configuration) {
    DefaultRetention defaults = configuration.rule().defaultRetention();
    return new BucketLock(bucket, defaults.modeAsString(), days(defaults));
  }

  private static long days(DefaultRetention defaults) {
    return defaults.days() != null
        ? defaults.days()
        : defaults.years() != null ? defaults.years() * 365L : 0;
  }

  static String noObjectLock(String bucket) {
    return "bucket "
        + bucket
        + " has no Object Lock: the record needs a bucket created with Object Lock enabled and a"
        + " default retention in COMPLIANCE mode of at least 365 days";
  }
}
