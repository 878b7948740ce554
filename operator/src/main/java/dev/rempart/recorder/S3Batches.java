package dev.rempart.recorder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The record's objects in a bucket: their keys (a prefix, then the first entry's sequence number on
 * 19 digits, so that key order is chain order) and their content.
 */
public final class S3Batches {
  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  public S3Batches(S3Client s3, String bucket, String prefix) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = prefix;
  }

  /** The key of the batch whose first entry is {@code firstSeq}. */
  public String key(long firstSeq) {
    return prefix + String.format("%019d", firstSeq) + ".jsonl";
  }

  /** Every key of the record after {@code startAfter} (null: from the first), in order. */
  public void keys(String startAfter, Consumer<String> each) throws IOException {
    ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket);
    if (!prefix.isEmpty()) {
      request.prefix(prefix);
    }
    if (startAfter != null) {
      request.startAfter(startAfter);
    }
    try {
      for (S3Object object : s3.listObjectsV2Paginator(request.build()).contents()) {
        if (object.key().endsWith(".jsonl")) {
          each.accept(object.key());
        }
      }
    } catch (S3Exception e) {
      throw new IOException(
          "cannot list s3://" + bucket + "/" + prefix + ": " + S3Errors.describe(e), e);
    } catch (SdkException e) {
      throw new IOException("cannot reach the bucket " + bucket + ": " + e.getMessage(), e);
    }
  }

  /** The last key after {@code startAfter}, or null. */
  public String lastKey(String startAfter) throws IOException {
    List<String> last = new ArrayList<>(1);
    keys(
        startAfter,
        key -> {
          last.clear();
          last.add(key);
        });
    return last.isEmpty() ? null : last.get(0);
  }

  /** An object's lines. */
  public List<String> lines(String key) throws IOException {
    return read(key).lines();
  }

  /**
   * An object's lines and its lock, as S3 reports them with the content.
   *
   * @param lockMode {@code COMPLIANCE}, {@code GOVERNANCE}, or null when not locked
   */
  public record StoredBatch(
      List<String> lines, String lockMode, Instant retainUntil, Instant lastModified) {}

  public StoredBatch read(String key) throws IOException {
    try {
      ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
      // The lock is read with HEAD: not every S3-compatible server sends it with GET.
      HeadObjectResponse head =
          s3.headObject(b -> b.bucket(bucket).key(key).versionId(object.response().versionId()));
      return new StoredBatch(
          object.asString(StandardCharsets.UTF_8).lines().toList(),
          head.objectLockModeAsString(),
          head.objectLockRetainUntilDate(),
          head.lastModified());
    } catch (S3Exception e) {
      throw new IOException(
          "cannot read s3://" + bucket + "/" + key + ": " + S3Errors.describe(e), e);
    } catch (SdkException e) {
      throw new IOException("cannot reach the bucket " + bucket + ": " + e.getMessage(), e);
    }
  }

  public String bucket() {
    return bucket;
  }
}
