package dev.rempart.operator;

import dev.rempart.recorder.RecordSink;
import dev.rempart.recorder.RecorderSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Whether and where the operator keeps the record (docs/record.md).
 *
 * @param sinks makes the sinks when the operator starts leading, or null to keep no record
 * @param headNamespace the namespace of the ConfigMap that holds the chain's head: the operator's
 *     own
 * @param anchorInterval how often the chain's head is anchored in each baseline's status and an
 *     Event
 * @param recorder how the recorder batches
 */
public record RecordSettings(
    Sinks sinks, String headNamespace, Duration anchorInterval, RecorderSettings recorder) {
  /** The name of the ConfigMap that holds the chain's head. */
  public static final String HEAD_CONFIG_MAP = "rempart-record-head";

  /** Anchors every hour unless told otherwise. */
  public static final Duration DEFAULT_ANCHOR_INTERVAL = Duration.ofMinutes(60);

  /** Makes the sinks, in the order batches are written to them (the bucket first). */
  @FunctionalInterface
  public interface Sinks {
    /**
     * @throws dev.rempart.recorder.SinkRefusedException never here: a sink refuses in its start
     */
    List<RecordSink> create() throws IOException;
  }

  public RecordSettings {
    if (sinks != null) {
      Objects.requireNonNull(headNamespace, "headNamespace");
      Objects.requireNonNull(anchorInterval, "anchorInterval");
      Objects.requireNonNull(recorder, "recorder");
      if (anchorInterval.isNegative() || anchorInterval.isZero()) {
        throw new IllegalArgumentException("the anchor interval must be positive");
      }
    }
  }

  /** No record. */
  public static RecordSettings off() {
    return new RecordSettings(null, null, null, null);
  }

  /** A record to the given sinks, its head in {@code headNamespace}, anchored every hour. */
  public static RecordSettings to(Sinks sinks, String headNamespace) {
    return new RecordSettings(
        sinks, headNamespace, DEFAULT_ANCHOR_INTERVAL, RecorderSettings.defaults());
  }

  /** These settings with another anchor interval. */
  public RecordSettings withAnchorInterval(Duration interval) {
    return new RecordSettings(sinks, headNamespace, interval, recorder);
  }

  /** These settings with other batching. */
  public RecordSettings withRecorder(RecorderSettings batching) {
    return new RecordSettings(sinks, headNamespace, anchorInterval, batching);
  }

  public boolean enabled() {
    return sinks != null;
  }
}
