package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.record.ChainHead;
import dev.rempart.record.RecordEntry;
import dev.rempart.recorder.RecordSink;
import dev.rempart.recorder.SinkRefusedException;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A sink that refuses to start stops the record, never the operator, and says why. */
class OperatorRecordTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  /** A bucket without Object Lock, as the S3 sink reports it. */
  private static final class RefusingSink implements RecordSink {
    int starts;

    @Override
    public Optional<ChainHead> start(Optional<ChainHead> hint) throws SinkRefusedException {
      starts++;
      throw new SinkRefusedException("bucket audit-logs has no Object Lock");
    }

    @Override
    public void write(List<RecordEntry> batch) {
      throw new AssertionError("a refused sink is never written to");
    }

    @Override
    public String describe() {
      return "s3://audit-logs/";
    }
  }

  @Test
  void aRefusedSinkIsNamedInTheRecordedConditionAndNothingIsRecorded() {
    RefusingSink sink = new RefusingSink();
    // No API server behind this client: the head cannot be read either, which the recorder
    // survives (it would write a gap); the sink's refusal is what stops it.
    try (KubernetesClient unreachable =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("https://127.0.0.1:1")
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build()) {
      OperatorRecord record =
          new OperatorRecord(
              unreachable,
              RecordSettings.to(() -> List.of(sink), "rempart-system"),
              Clock.fixed(NOW, ZoneOffset.UTC),
              null);
      record.start();

      assertThat(sink.starts).isEqualTo(1);
      assertThat(record.recorder()).isNull();
      Condition condition = record.condition(3, NOW);
      assertThat(condition.getType()).isEqualTo("Recorded");
      assertThat(condition.getStatus()).isEqualTo("False");
      assertThat(condition.getReason()).isEqualTo("SinkRefused");
      assertThat(condition.getMessage())
          .contains("bucket audit-logs has no Object Lock")
          .contains("enforcement continues");
      record.close();
    }
  }

  @Test
  void withoutARecordThereIsNoCondition() {
    OperatorRecord off =
        new OperatorRecord(null, RecordSettings.off(), Clock.fixed(NOW, ZoneOffset.UTC), null);
    off.start();
    assertThat(off.condition(1, NOW)).isNull();
    off.close();
  }
}
