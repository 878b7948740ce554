package dev.rempart.record;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The first line of a batch stored as one object (S3): which entries follow, under which key, after
 * which batch. Its {@code hash} covers the object key and the previous batch's hash, so that a
 * batch copied under another key, or taken out of the sequence of batches, is detected.
 *
 * @param lastHash the hash of the batch's last entry, which through the chain covers every entry
 */
public record BatchHeader(
    String key, long first, long last, String lastHash, String prevBatch, String hash) {

  public static BatchHeader seal(
      String key, long first, long last, String lastHash, String prevBatch) {
    BatchHeader unsealed = new BatchHeader(key, first, last, lastHash, prevBatch, "");
    return new BatchHeader(key, first, last, lastHash, prevBatch, unsealed.computeHash());
  }

  private Map<String, Object> body() {
    Map<String, Object> batch = new LinkedHashMap<>();
    batch.put("key", key);
    batch.put("first", first);
    batch.put("last", last);
    batch.put("lastHash", lastHash);
    batch.put("prevBatch", prevBatch);
    return batch;
  }

  public String computeHash() {
    return RecordEntry.sha256Hex(CanonicalJson.toBytes(Map.of("batch", body())));
  }

  public String toLine() {
    return CanonicalJson.write(Map.of("batch", body(), "hash", hash));
  }

  public static BatchHeader parse(String line) throws MalformedLineException {
    Map<String, Object> json = RecordLines.parseObject(line);
    if (!(json.get("batch") instanceof Map<?, ?> raw) || json.size() != 2) {
      throw new MalformedLineException("not a batch header ({\"batch\": {...}, \"hash\": ...})");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> batch = (Map<String, Object>) raw;
    if (batch.size() != 5) {
      throw new MalformedLineException("batch header has fields " + batch.keySet());
    }
    return new BatchHeader(
        RecordLines.string(batch, "key", false),
        RecordLines.integer(batch, "first"),
        RecordLines.integer(batch, "last"),
        RecordLines.string(batch, "lastHash", false),
        RecordLines.string(batch, "prevBatch", false),
        RecordLines.string(json, "hash", false));
  }
}
