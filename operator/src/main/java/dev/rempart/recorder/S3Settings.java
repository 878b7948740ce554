package dev.rempart.recorder;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the record's batches go in S3.
 *
 * @param endpoint an S3-compatible server's URL, or null for AWS S3 in {@code region}
 * @param prefix prepended to every object key, e.g. {@code rempart/record/}
 * @param retention how long each object is locked in COMPLIANCE mode; at least {@link
 *     #MINIMUM_RETENTION}, and the bucket's default retention must be at least as long
 */
public record S3Settings(
    URI endpoint, String region, String bucket, String prefix, Duration retention) {
  /** The addendum's clause 4.6: logs kept twelve months. */
  public static final Duration MINIMUM_RETENTION = Duration.ofDays(365);

  /** The key prefix the operator and {@code rempart record verify} use unless told otherwise. */
  public static final String DEFAULT_PREFIX = "rempart/record/";

  public S3Settings {
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(bucket, "bucket");
    prefix = prefix == null ? "" : prefix;
    retention = retention == null ? MINIMUM_RETENTION : retention;
    if (retention.compareTo(MINIMUM_RETENTION) < 0) {
      throw new IllegalArgumentException(
          "the record's retention is "
              + retention.toDays()
              + " days: at least 365 are needed (addendum clause 4.6)");
    }
  }

  /** {@code s3://bucket/prefix}, for messages. */
  public String describe() {
    return "s3://" + bucket + "/" + prefix;
  }
}
