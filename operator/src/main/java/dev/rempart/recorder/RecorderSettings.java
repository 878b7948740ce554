package dev.rempart.recorder;

import java.time.Duration;

/**
 * How the recorder batches.
 *
 * @param batchSize the most entries in one batch (one S3 object); a full batch is written at once
 * @param flushInterval how long an event may wait for its batch: what a crash can lose
 * @param queueCapacity the most events waiting while a sink fails; beyond it events are counted,
 *     not kept, and the count is recorded as a gap once the sinks accept batches again
 */
public record RecorderSettings(int batchSize, Duration flushInterval, int queueCapacity) {
  /** The largest batch: the S3 sink finds its last batch by looking this far behind the head. */
  public static final int MAX_BATCH_SIZE = 10_000;

  public RecorderSettings {
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE || queueCapacity < batchSize) {
      throw new IllegalArgumentException(
          "batchSize must be between 1 and "
              + MAX_BATCH_SIZE
              + ", and queueCapacity at least batchSize");
    }
    if (flushInterval.isNegative() || flushInterval.isZero()) {
      throw new IllegalArgumentException("flushInterval must be positive");
    }
  }

  /** 500 entries, 5 seconds, 100,000 waiting events. */
  public static RecorderSettings defaults() {
    return new RecorderSettings(500, Duration.ofSeconds(5), 100_000);
  }
}
