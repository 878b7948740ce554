package dev.rempart.recorder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ObjectLockRetention;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
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
    return read(key, null);
  }

  /** One version of an object (null: the current one), with its lock. */
  public StoredBatch read(String key, String versionId) throws IOException {
    try {
      ResponseBytes<GetObjectResponse> object =
          s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(versionId));
      GetObjectResponse response = object.response();
      ObjectLockRetention lock =
          retention(key, versionId != null ? versionId : response.versionId());
      return new StoredBatch(
          object.asString(StandardCharsets.UTF_8).lines().toList(),
          lock == null ? null : lock.modeAsString(),
          lock == null ? null : lock.retainUntilDate(),
          response.lastModified());
    } catch (S3Exception e) {
      throw new IOException(
          "cannot read s3://" + bucket + "/" + key + ": " + S3Errors.describe(e), e);
    } catch (SdkException e) {
      throw new IOException("cannot reach the bucket " + bucket + ": " + e.getMessage(), e);
    }
  }

  /**
   * A version's lock, or null when it has none. Read with GetObjectRetention rather than from the
   * object's headers: not every S3-compatible server sends them for a version that is no longer the
   * latest.
   */
  private ObjectLockRetention retention(String key, String versionId) throws IOException {
    try {
      return s3.getObjectRetention(b -> b.bucket(bucket).key(key).versionId(versionId)).retention();
    } catch (S3Exception e) {
      if (e.statusCode() == 403) {
        throw new IOException(
            "cannot read the retention of s3://"
                + bucket
                + "/"
                + key
                + " (grant s3:GetObjectRetention): "
                + S3Errors.describe(e),
            e);
      }
      if (e.statusCode() >= 500) {
        throw e;
      }
      // No retention on the version, or no Object Lock on the bucket: the version is not locked.
      return null;
    }
  }

  /**
   * A key of the record as its versions show it.
   *
   * @param original the first version written under the key: the batch the writer put (its puts
   *     carry {@code If-None-Match: *}, so any later version is someone else's)
   * @param later versions written over it since
   * @param deleteMarkers delete markers put on the key (they hide the object from a listing; the
   *     locked version stays)
   */
  public record KeyHistory(String key, String original, int later, int deleteMarkers) {}

  /**
   * Every key of the record with its versions, in key order, delete markers included: what a plain
   * listing hides.
   */
  public List<KeyHistory> histories() throws IOException {
    ListObjectVersionsRequest.Builder request = ListObjectVersionsRequest.builder().bucket(bucket);
    if (!prefix.isEmpty()) {
      request.prefix(prefix);
    }
    Map<String, List<ObjectVersion>> versions = new TreeMap<>();
    Map<String, Integer> markers = new TreeMap<>();
    try {
      for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(request.build())) {
        for (ObjectVersion version : page.versions()) {
          if (version.key().endsWith(".jsonl")) {
            versions.computeIfAbsent(version.key(), k -> new ArrayList<>()).add(version);
          }
        }
        for (DeleteMarkerEntry marker : page.deleteMarkers()) {
          if (marker.key().endsWith(".jsonl")) {
            markers.merge(marker.key(), 1, Integer::sum);
          }
        }
      }
    } catch (S3Exception e) {
      throw new IOException(
          "cannot list the versions in s3://" + bucket + "/" + prefix + ": " + S3Errors.describe(e),
          e);
    } catch (SdkException e) {
      throw new IOException("cannot reach the bucket " + bucket + ": " + e.getMessage(), e);
    }
    List<KeyHistory> histories = new ArrayList<>();
    for (Map.Entry<String, List<ObjectVersion>> key : versions.entrySet()) {
      // S3 lists a key's versions newest first; their times may be equal to the second.
      List<ObjectVersion> all = key.getValue();
      ObjectVersion first = all.get(all.size() - 1);
      for (ObjectVersion version : all) {
        if (version.lastModified().isBefore(first.lastModified())) {
          first = version;
        }
      }
      histories.add(
          new KeyHistory(
              key.getKey(),
              first.versionId(),
              key.getValue().size() - 1,
              markers.getOrDefault(key.getKey(), 0)));
    }
    return histories;
  }

  public String bucket() {
    return bucket;
  }
}
