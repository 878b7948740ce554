package dev.rempart.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rempart.record.EventType;
import dev.rempart.record.ObjectRef;
import dev.rempart.record.RecordEvent;
import dev.rempart.record.RecordVerifier;
import dev.rempart.record.Verification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** The S3 sink against a real S3-compatible server with Object Lock (versitygw). */
class S3ObjectLockSinkTest {
  private static Versitygw server;
  private static S3Client s3;

  @BeforeAll
  static void startServer() throws Exception {
    server = Versitygw.start();
    s3 = server.client();
  }

  @AfterAll
  static void stopServer() {
    if (s3 != null) {
      s3.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static RecordEvent removed(int i) {
    return RecordEvent.of(
        EventType.OBJECT_REMOVED,
        "saas-addendum",
        "9.2",
        new ObjectRef("rbac.authorization.k8s.io/v1", "RoleBinding", "shop", "contractor-" + i),
        Map.of("reason", "expired"));
  }

  private static Recorder recorder(String bucket, ChainHeadStore store, ByteArrayOutputStream out)
      throws IOException {
    return Recorder.start(
        store,
        List.of(
            new S3ObjectLockSink(server.client(), server.settings(bucket), Clock.systemUTC()),
            new StandardOutputSink(new PrintStream(out, true, StandardCharsets.UTF_8))),
        Clock.systemUTC(),
        new RecorderSettings(100, Duration.ofHours(1), 1000));
  }

  private static List<String> keys(String bucket) throws IOException {
    List<String> keys = new ArrayList<>();
    new S3Batches(s3, bucket, "record/").keys(null, keys::add);
    return keys;
  }

  private static Verification verifyBucket(String bucket) throws IOException {
    S3Batches batches = new S3Batches(s3, bucket, "record/");
    RecordVerifier verifier = new RecordVerifier(List.of(), false);
    for (String key : keys(bucket)) {
      verifier.batch(key, "s3://" + bucket + "/" + key, batches.lines(key));
    }
    return verifier.finish();
  }

  @Test
  void batchesAreObjectsLockedInComplianceModeForAYearWithTheirChecksum() throws IOException {
    server.lockedBucket("record-locked", ObjectLockRetentionMode.COMPLIANCE, 365);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Instant before = Instant.now();
    try (Recorder recorder = recorder("record-locked", new InMemoryChainHeadStore(), out)) {
      recorder.record(removed(1));
      recorder.record(removed(2));
      recorder.flushAll();
      recorder.record(removed(3));
      recorder.flushAll();
    }

    assertThat(keys("record-locked"))
        .containsExactly("record/0000000000000000001.jsonl", "record/0000000000000000004.jsonl");
    HeadObjectResponse head =
        s3.headObject(
            b ->
                b.bucket("record-locked")
                    .key("record/0000000000000000001.jsonl")
                    .checksumMode(ChecksumMode.ENABLED));
    assertThat(head.objectLockMode()).isEqualTo(ObjectLockMode.COMPLIANCE);
    assertThat(head.objectLockRetainUntilDate())
        .isAfterOrEqualTo(before.plus(Duration.ofDays(365)).minusSeconds(1));
    byte[] stored =
        s3.getObjectAsBytes(b -> b.bucket("record-locked").key("record/0000000000000000001.jsonl"))
            .asByteArray();
    assertThat(head.checksumSHA256()).isEqualTo(sha256Base64(stored));
    Verification result = verifyBucket("record-locked");
    assertThat(result.intact()).as("%s", result.problems()).isTrue();
    assertThat(result.entries()).isEqualTo(4);
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(4);
  }

  @Test
  void theBucketsDefaultRetentionIsReadBackForTheEvidence() throws IOException {
    server.lockedBucket("record-readback", ObjectLockRetentionMode.COMPLIANCE, 400);
    S3ObjectLockSink sink =
        new S3ObjectLockSink(
            server.client(), server.settings("record-readback"), Clock.systemUTC());

    sink.start(java.util.Optional.empty());

    assertThat(sink.bucketLock()).isEqualTo(new BucketLock("record-readback", "COMPLIANCE", 400));
    sink.close();
  }

  @Test
  void aLockedBatchCanBeNeitherDeletedNorOverwrittenNorUnlocked() throws IOException {
    server.lockedBucket("record-immutable", ObjectLockRetentionMode.COMPLIANCE, 365);
    try (Recorder recorder =
        recorder("record-immutable", new InMemoryChainHeadStore(), new ByteArrayOutputStream())) {
      recorder.record(removed(1));
      recorder.flushAll();
    }
    String key = "record/0000000000000000001.jsonl";
    String version = s3.headObject(b -> b.bucket("record-immutable").key(key)).versionId();
    List<String> original = new S3Batches(s3, "record-immutable", "record/").lines(key);

    assertThatThrownBy(
            () -> s3.deleteObject(b -> b.bucket("record-immutable").key(key).versionId(version)))
        .isInstanceOf(S3Exception.class)
        .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
    assertThatThrownBy(
            () ->
                s3.deleteObject(
                    b ->
                        b.bucket("record-immutable")
                            .key(key)
                            .versionId(version)
                            .bypassGovernanceRetention(true)))
        .isInstanceOf(S3Exception.class);
    assertThatThrownBy(
            () ->
                s3.putObjectRetention(
                    b ->
                        b.bucket("record-immutable")
                            .key(key)
                            .versionId(version)
                            .retention(
                                r ->
                                    r.mode(ObjectLockRetentionMode.COMPLIANCE)
                                        .retainUntilDate(Instant.now().plusSeconds(60)))))
        .isInstanceOf(S3Exception.class);
    // The sink's own puts carry If-None-Match: a second batch under the same key is refused.
    assertThatThrownBy(
            () ->
                s3.putObject(
                    b -> b.bucket("record-immutable").key(key).ifNoneMatch("*"),
                    RequestBody.fromString("forged")))
        .isInstanceOf(S3Exception.class)
        .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(412));
    // A plain PUT makes a new version in a versioned bucket; the locked version stays as it was.
    s3.putObject(b -> b.bucket("record-immutable").key(key), RequestBody.fromString("forged\n"));
    String kept =
        s3.getObjectAsBytes(b -> b.bucket("record-immutable").key(key).versionId(version))
            .asUtf8String();
    assertThat(kept.lines().toList()).isEqualTo(original);
    assertThat(verifyBucket("record-immutable").firstProblem().orElseThrow().toString())
        .startsWith("s3://record-immutable/" + key + ":1: tampered: not a batch header");
  }

  /** The server checks the checksum a put carries: a wrong one is refused. */
  @Test
  void aPutWhoseChecksumDoesNotMatchIsRefused() {
    server.lockedBucket("record-checksum", ObjectLockRetentionMode.COMPLIANCE, 365);

    assertThatThrownBy(
            () ->
                s3.putObject(
                    b ->
                        b.bucket("record-checksum")
                            .key("record/x.jsonl")
                            .checksumSHA256(sha256Base64("other".getBytes(StandardCharsets.UTF_8))),
                    RequestBody.fromString("content")))
        .isInstanceOf(S3Exception.class)
        .satisfies(
            e ->
                assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("BadDigest"));
  }

  private static String sha256Base64(byte[] bytes) {
    try {
      return java.util.Base64.getEncoder()
          .encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aBucketWithoutObjectLockIsRefused() {
    server.plainBucket("record-unlocked");

    assertThatThrownBy(
            () ->
                recorder(
                    "record-unlocked", new InMemoryChainHeadStore(), new ByteArrayOutputStream()))
        .isInstanceOf(SinkRefusedException.class)
        .hasMessage(
            "bucket record-unlocked has no Object Lock: the record needs a bucket created with"
                + " Object Lock enabled and a default retention in COMPLIANCE mode of at least 365"
                + " days");
  }

  @Test
  void aShorterDefaultRetentionIsRefused() {
    server.lockedBucket("record-short", ObjectLockRetentionMode.COMPLIANCE, 30);

    assertThatThrownBy(
            () ->
                recorder("record-short", new InMemoryChainHeadStore(), new ByteArrayOutputStream()))
        .isInstanceOf(SinkRefusedException.class)
        .hasMessage(
            "bucket record-short's default retention is 30 days: at least 365 are needed (addendum"
                + " clause 4.6)");
  }

  @Test
  void governanceModeIsRefused() {
    server.lockedBucket("record-governance", ObjectLockRetentionMode.GOVERNANCE, 400);

    assertThatThrownBy(
            () ->
                recorder(
                    "record-governance", new InMemoryChainHeadStore(), new ByteArrayOutputStream()))
        .isInstanceOf(SinkRefusedException.class)
        .hasMessageContaining("GOVERNANCE mode: COMPLIANCE is needed");
  }

  @Test
  void aMissingBucketIsRefused() {
    assertThatThrownBy(
            () ->
                recorder(
                    "record-nowhere", new InMemoryChainHeadStore(), new ByteArrayOutputStream()))
        .isInstanceOf(SinkRefusedException.class)
        .hasMessageContaining("bucket record-nowhere does not exist");
  }

  @Test
  void aLostHeadContinuesFromTheBucketBehindAGap() throws IOException {
    server.lockedBucket("record-restart", ObjectLockRetentionMode.COMPLIANCE, 365);
    InMemoryChainHeadStore store = new InMemoryChainHeadStore();
    try (Recorder first = recorder("record-restart", store, new ByteArrayOutputStream())) {
      first.record(removed(1));
      first.record(removed(2));
    }
    try (Recorder restarted =
        recorder("record-restart", new InMemoryChainHeadStore(), new ByteArrayOutputStream())) {
      restarted.record(removed(3));
    }
    try (Recorder again = recorder("record-restart", store, new ByteArrayOutputStream())) {
      again.record(removed(4));
    }

    Verification result = verifyBucket("record-restart");
    assertThat(result.intact()).as("%s", result.problems()).isTrue();
    // 1..3 (a first start's gap, two events), 4..5 (the gap of a lost head, one event), 6: the
    // store that was left behind at seq 3 continues from the bucket, which holds 4..5, without gap.
    assertThat(result.entries()).isEqualTo(6);
    assertThat(result.gaps()).hasSize(2);
    assertThat(result.gaps().get(1))
        .contains(
            "no chain head in memory; continued from the last batch in s3://record-restart/record/");
    assertThat(result.head().seq()).isEqualTo(6);
  }
}
