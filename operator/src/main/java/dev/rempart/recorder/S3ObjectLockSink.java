package dev.rempart.recorder;

import dev.rempart.record.BatchHeader;
import dev.rempart.record.ChainHead;
import dev.rempart.record.MalformedLineException;
import dev.rempart.record.RecordBatch;
import dev.rempart.record.RecordEntry;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockConfiguration;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Each batch as one object, locked in COMPLIANCE mode for the retention: nobody can delete or
 * overwrite it before then, the bucket's owner included. The object starts with a {@link
 * BatchHeader} whose hash covers the object key and the previous batch's hash. Every put carries
 * the SHA-256 of the content, which S3 checks (and requires, in some form, under Object Lock), and
 * {@code If-None-Match: *}, so that a second writer can never replace a batch under the same key.
 */
public final class S3ObjectLockSink implements RecordSink {

  private final S3Client s3;
  private final S3Settings settings;
  private final S3Batches batches;
  private final Clock clock;
  private String previousBatch = ChainHead.GENESIS.hash();
  private volatile BucketLock bucketLock;

  public S3ObjectLockSink(S3Client s3, S3Settings settings, Clock clock) {
    this.s3 = s3;
    this.settings = settings;
    this.batches = new S3Batches(s3, settings.bucket(), settings.prefix());
    this.clock = clock;
  }

  /**
   * Refuses a bucket without Object Lock in COMPLIANCE mode for at least the retention, then finds
   * the last batch already stored, which the next one follows.
   */
  @Override
  public Optional<ChainHead> start(Optional<ChainHead> hint) throws IOException {
    checkObjectLock();
    String last = null;
    if (hint.isPresent()) {
      last =
          batches.lastKey(
              batches.key(Math.max(0, hint.get().seq() - RecorderSettings.MAX_BATCH_SIZE)));
    }
    if (last == null) {
      last = batches.lastKey(null);
    }
    if (last == null) {
      return Optional.empty();
    }
    BatchHeader header;
    List<String> lines = batches.lines(last);
    try {
      header = BatchHeader.parse(lines.isEmpty() ? "" : lines.get(0));
    } catch (MalformedLineException e) {
      throw new SinkRefusedException(
          "the last object of the record, s3://"
              + settings.bucket()
              + "/"
              + last
              + ", is not a batch ("
              + e.getMessage()
              + "): check it with `rempart record verify`");
    }
    previousBatch = header.hash();
    return Optional.of(new ChainHead(header.last(), header.lastHash()));
  }

  private void checkObjectLock() throws IOException {
    ObjectLockConfiguration configuration;
    try {
      configuration =
          s3.getObjectLockConfiguration(b -> b.bucket(settings.bucket())).objectLockConfiguration();
    } catch (S3Exception e) {
      String code = S3Errors.code(e);
      if (code.equals("ObjectLockConfigurationNotFoundError")) {
        throw new SinkRefusedException(ObjectLockPolicy.noObjectLock(settings.bucket()));
      }
      if (code.equals("NoSuchBucket")) {
        throw new SinkRefusedException(
            "bucket " + settings.bucket() + " does not exist: create it with Object Lock enabled");
      }
      throw new IOException(
          "cannot read the Object Lock configuration of bucket "
              + settings.bucket()
              + ": "
              + S3Errors.describe(e),
          e);
    } catch (SdkException e) {
      throw new IOException(
          "cannot reach the bucket " + settings.bucket() + ": " + e.getMessage(), e);
    }
    Optional<String> refusal =
        ObjectLockPolicy.refusal(settings.bucket(), configuration, settings.retention());
    if (refusal.isPresent()) {
      throw new SinkRefusedException(refusal.get());
    }
    bucketLock = ObjectLockPolicy.defaultRetention(settings.bucket(), configuration);
  }

  @Override
  public void write(List<RecordEntry> entries) throws IOException {
    String key = batches.key(entries.get(0).seq());
    RecordBatch batch = RecordBatch.of(key, entries, previousBatch);
    byte[] content = batch.content();
    PutObjectRequest request =
        PutObjectRequest.builder()
            .bucket(settings.bucket())
            .key(key)
            .contentType("application/x-ndjson")
            .checksumSHA256(Base64.getEncoder().encodeToString(sha256(content)))
            .objectLockMode(ObjectLockMode.COMPLIANCE)
            .objectLockRetainUntilDate(clock.instant().plus(settings.retention()))
            .ifNoneMatch("*")
            .build();
    try {
      s3.putObject(request, RequestBody.fromBytes(content));
    } catch (S3Exception e) {
      if (e.statusCode() == 412 && alreadyStored(key, content)) {
        // An earlier attempt of this very batch reached the bucket before its answer was lost.
        previousBatch = batch.header().hash();
        return;
      }
      if (e.statusCode() == 412) {
        throw new IOException(
            "s3://"
                + settings.bucket()
                + "/"
                + key
                + " already holds another batch: another writer records to the same bucket and"
                + " prefix (give each cluster its own prefix)",
            e);
      }
      throw new IOException(
          "cannot write s3://" + settings.bucket() + "/" + key + ": " + S3Errors.describe(e), e);
    } catch (SdkException e) {
      throw new IOException(
          "cannot reach the bucket " + settings.bucket() + ": " + e.getMessage(), e);
    }
    previousBatch = batch.header().hash();
  }

  private boolean alreadyStored(String key, byte[] content) throws IOException {
    String expected = new String(content, java.nio.charset.StandardCharsets.UTF_8);
    return String.join("\n", batches.lines(key)).equals(expected.stripTrailing());
  }

  /**
   * The bucket's default retention as read back at {@link #start}, for the {@code auditLogging}
   * evidence of Rempart's own record; null before a successful start.
   */
  public BucketLock bucketLock() {
    return bucketLock;
  }

  @Override
  public String describe() {
    return settings.describe();
  }

  @Override
  public void close() {
    s3.close();
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
