package dev.rempart.recorder;

/**
 * A bucket's Object Lock default retention, as S3 reported it.
 *
 * @param mode {@code COMPLIANCE} (the sink refuses any other)
 * @param days the default retention in days (a year counts 365)
 */
public record BucketLock(String bucket, String mode, long days) {}
