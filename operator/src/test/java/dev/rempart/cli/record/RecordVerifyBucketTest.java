package dev.rempart.cli.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import dev.rempart.record.ChainHead;
import dev.rempart.record.EventType;
import dev.rempart.record.RecordChain;
import dev.rempart.record.RecordEvent;
import dev.rempart.recorder.InMemoryChainHeadStore;
import dev.rempart.recorder.Recorder;
import dev.rempart.recorder.RecorderSettings;
import dev.rempart.recorder.S3ObjectLockSink;
import dev.rempart.recorder.Versitygw;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/** {@code rempart record verify --bucket} on a real S3-compatible server (versitygw). */
class RecordVerifyBucketTest {
  private static Versitygw server;

  @BeforeAll
  static void start() throws Exception {
    server = Versitygw.start();
    // The SDK's default credentials chain reads these system properties as it reads the
    // AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY environment variables, which a test cannot set.
    System.setProperty("aws.accessKeyId", Versitygw.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", Versitygw.SECRET_KEY);
  }

  @AfterAll
  static void stop() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    if (server != null) {
      server.close();
    }
  }

  private static CliRun.Result verify(String bucket) {
    return CliRun.run(
        "record",
        "verify",
        "--bucket",
        bucket,
        "--prefix",
        "record/",
        "--s3-endpoint",
        server.endpoint().toString());
  }

  private static void record(String bucket, int events) throws IOException {
    try (Recorder recorder =
        Recorder.start(
            new InMemoryChainHeadStore(),
            List.of(
                new S3ObjectLockSink(server.client(), server.settings(bucket), Clock.systemUTC())),
            Clock.systemUTC(),
            new RecorderSettings(2, Duration.ofHours(1), 1000))) {
      for (int i = 0; i < events; i++) {
        recorder.record(
            RecordEvent.of(
                EventType.BASELINE_CHANGED,
                "saas-addendum",
                null,
                null,
                Map.of("generation", "" + i)));
        recorder.flushAll();
      }
    }
  }

  @Test
  void theOperatorsBucketVerifies() throws IOException {
    server.lockedBucket("verify-ok", ObjectLockRetentionMode.COMPLIANCE, 365);
    record("verify-ok", 5);

    CliRun.Result r = verify("verify-ok");

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .contains("Read s3://verify-ok/record/: 6 entries, head 6:")
        .contains("INTACT");
  }

  @Test
  void anObjectAddedWithoutLockIsNamed() throws IOException {
    server.lockedBucket("verify-forged", ObjectLockRetentionMode.COMPLIANCE, 365);
    record("verify-forged", 2);
    // A batch that continues the chain correctly, but was put without a COMPLIANCE lock: a bucket
    // whose default retention applies GOVERNANCE would look like this, or a writer that bypassed
    // the sink.
    try (S3Client s3 = server.client()) {
      String text =
          new RecordChain(ChainHead.GENESIS, Clock.systemUTC())
              .append(RecordEvent.of(EventType.BASELINE_CHANGED, "x", null, null, Map.of()))
              .toLine();
      s3.putObject(
          b ->
              b.bucket("verify-forged")
                  .key("record/0000000000000000009.jsonl")
                  .objectLockMode("GOVERNANCE")
                  .objectLockRetainUntilDate(java.time.Instant.now().plusSeconds(3600)),
          RequestBody.fromString(text + "\n"));
    }

    CliRun.Result r = verify("verify-forged");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(r.out())
        .contains(
            "s3://verify-forged/record/0000000000000000009.jsonl:1: tampered: not a batch header");
    assertThat(
            CliRun.run(
                    "record",
                    "verify",
                    "--all",
                    "--bucket",
                    "verify-forged",
                    "--prefix",
                    "record/",
                    "--s3-endpoint",
                    server.endpoint().toString())
                .out())
        .contains(
            "s3://verify-forged/record/0000000000000000009.jsonl: unprotected: the object is"
                + " locked in GOVERNANCE mode: COMPLIANCE is required");
  }

  /**
   * What a writer of the bucket can do to a locked batch: put a newer version over it, or hide it
   * with a delete marker. Neither touches the locked original, which is what is verified, and both
   * are named.
   */
  @Test
  void batchesWrittenOverOrHiddenAreNamedAndTheOriginalsVerified() throws IOException {
    server.lockedBucket("verify-hidden", ObjectLockRetentionMode.COMPLIANCE, 365);
    record("verify-hidden", 3);
    String second = "record/0000000000000000003.jsonl";
    String third = "record/0000000000000000004.jsonl";
    try (S3Client s3 = server.client()) {
      s3.putObject(b -> b.bucket("verify-hidden").key(second), RequestBody.fromString("forged\n"));
      s3.deleteObject(b -> b.bucket("verify-hidden").key(third));
      assertThat(s3.listObjectsV2(b -> b.bucket("verify-hidden")).contents())
          .extracting(o -> o.key())
          .doesNotContain(third);
    }

    CliRun.Result r =
        CliRun.run(
            "record",
            "verify",
            "--all",
            "--bucket",
            "verify-hidden",
            "--prefix",
            "record/",
            "--s3-endpoint",
            server.endpoint().toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(r.out())
        .contains("Read s3://verify-hidden/record/: 4 entries, head 4:")
        .contains(
            "s3://verify-hidden/"
                + second
                + ": tampered: someone wrote over the batch: 1 later"
                + " version(s) after the original version ")
        .contains(
            "s3://verify-hidden/"
                + third
                + ": tampered: someone wrote over the batch: 1 delete"
                + " marker(s) after the original version ")
        .contains("NOT INTACT.")
        .doesNotContain("unprotected")
        .doesNotContain("missing")
        .doesNotContain("not a batch header");
  }

  @Test
  void anUnreachableBucketIsBadInput() {
    CliRun.Result r =
        CliRun.run("record", "verify", "--bucket", "b", "--s3-endpoint", "http://127.0.0.1:1");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("rempart record verify: cannot reach the bucket b");
    assertThat(r.hasStackTrace()).isFalse();
  }
}
