package dev.rempart.record;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the record. Its {@code hash} is the SHA-256, in lower-case hex, of the RFC 8785
 * canonical form of every other field; {@code prev} is the previous entry's {@code hash}, so that
 * changing, removing or moving a line breaks the chain at that line.
 *
 * @param time UTC, milliseconds, e.g. {@code 2026-11-30T17:04:05.123Z}
 */
public record RecordEntry(
    long seq,
    String time,
    EventType type,
    String baseline,
    String clause,
    ObjectRef object,
    Map<String, String> detail,
    String prev,
    String hash) {

  /** The format's version, written in every line as {@code "record": 1}. */
  public static final int FORMAT = 1;

  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  public RecordEntry {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(prev, "prev");
    detail = detail == null ? Map.of() : Map.copyOf(detail);
  }

  /** A new entry, its hash computed. */
  static RecordEntry seal(
      long seq,
      Instant time,
      EventType type,
      String baseline,
      String clause,
      ObjectRef object,
      Map<String, String> detail,
      String prev) {
    RecordEntry unsealed =
        new RecordEntry(seq, TIME.format(time), type, baseline, clause, object, detail, prev, "");
    return new RecordEntry(
        seq, unsealed.time, type, baseline, clause, object, detail, prev, unsealed.computeHash());
  }

  /** The fields that are hashed, as JSON values: everything but {@code hash}. */
  Map<String, Object> body() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("record", (long) FORMAT);
    json.put("seq", seq);
    json.put("time", time);
    json.put("event", type.wire());
    json.put("baseline", baseline);
    json.put("clause", clause);
    json.put("object", object == null ? null : object.toJson());
    json.put("detail", new LinkedHashMap<String, Object>(detail));
    json.put("prev", prev);
    return json;
  }

  /** The hash this entry's content calls for; {@link #hash()} is the one the line carries. */
  public String computeHash() {
    return sha256Hex(CanonicalJson.toBytes(body()));
  }

  /** The JSON line: the canonical form of the entry, {@code hash} included, no newline. */
  public String toLine() {
    Map<String, Object> json = body();
    json.put("hash", hash);
    return CanonicalJson.write(json);
  }

  public ChainHead head() {
    return new ChainHead(seq, hash);
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
