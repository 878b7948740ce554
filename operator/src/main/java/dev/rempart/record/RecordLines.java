package dev.rempart.record;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads record lines back: strict, since a line that is not exactly as written is suspect. */
public final class RecordLines {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Set<String> ENTRY_FIELDS =
      Set.of(
          "record",
          "seq",
          "time",
          "event",
          "baseline",
          "clause",
          "object",
          "detail",
          "prev",
          "hash");

  private RecordLines() {}

  /**
   * The entry a line holds, or empty when the line is not meant as one: a line that does not start
   * with <code>{</code>, or a well-formed JSON object without a {@code record} field (a log
   * pipeline's own JSON line). A cut or garbled entry is therefore reported as malformed rather
   * than skipped; removing a whole entry still breaks the chain at the next one.
   *
   * @throws MalformedLineException when the line starts like JSON but is not a valid entry
   */
  public static Optional<RecordEntry> entryIn(String line) throws MalformedLineException {
    if (!line.strip().startsWith("{")) {
      return Optional.empty();
    }
    Map<String, Object> json = parseObject(line);
    return json.containsKey("record") ? Optional.of(entry(json)) : Optional.empty();
  }

  public static RecordEntry parseEntry(String line) throws MalformedLineException {
    return entry(parseObject(line));
  }

  private static RecordEntry entry(Map<String, Object> json) throws MalformedLineException {
    for (String field : json.keySet()) {
      if (!ENTRY_FIELDS.contains(field)) {
        throw new MalformedLineException("unknown field '" + field + "'");
      }
    }
    Object format = json.get("record");
    if (!Long.valueOf(RecordEntry.FORMAT).equals(format)) {
      throw new MalformedLineException(
          "'record' is " + format + ", not format " + RecordEntry.FORMAT);
    }
    String event = string(json, "event", false);
    EventType type =
        EventType.fromWire(event)
            .orElseThrow(() -> new MalformedLineException("unknown event '" + event + "'"));
    Object object = json.get("object");
    if (object != null && !(object instanceof Map)) {
      throw new MalformedLineException("'object' is not an object");
    }
    return new RecordEntry(
        integer(json, "seq"),
        string(json, "time", false),
        type,
        string(json, "baseline", true),
        string(json, "clause", true),
        object == null ? null : objectRef((Map<?, ?>) object),
        stringMap(json.get("detail")),
        string(json, "prev", false),
        string(json, "hash", false));
  }

  /** A JSON object as plain values (see {@link CanonicalJson}); numbers must be integers. */
  static Map<String, Object> parseObject(String line) throws MalformedLineException {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new MalformedLineException(
          "not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (node == null || !node.isObject()) {
      throw new MalformedLineException("not a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) plain(node);
    return map;
  }

  private static Object plain(JsonNode node) throws MalformedLineException {
    switch (node.getNodeType()) {
      case NULL:
        return null;
      case BOOLEAN:
        return node.booleanValue();
      case STRING:
        return node.textValue();
      case NUMBER:
        if (!node.canConvertToExactIntegral()
            || !node.isIntegralNumber()
            || !node.canConvertToLong()) {
          throw new MalformedLineException(
              "number " + node + " is not an integer the record can hold");
        }
        return node.longValue();
      case ARRAY:
        List<Object> list = new ArrayList<>();
        for (JsonNode item : node) {
          list.add(plain(item));
        }
        return list;
      case OBJECT:
        Map<String, Object> map = new LinkedHashMap<>();
        var fields = node.fields();
        while (fields.hasNext()) {
          var field = fields.next();
          map.put(field.getKey(), plain(field.getValue()));
        }
        return map;
      default:
        throw new MalformedLineException("unexpected JSON value " + node.getNodeType());
    }
  }

  static String string(Map<String, Object> json, String field, boolean nullable)
      throws MalformedLineException {
    if (!json.containsKey(field)) {
      throw new MalformedLineException("field '" + field + "' is missing");
    }
    Object value = json.get(field);
    if (value == null && nullable) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw new MalformedLineException("field '" + field + "' is not a string");
    }
    return s;
  }

  static long integer(Map<String, Object> json, String field) throws MalformedLineException {
    if (!(json.get(field) instanceof Long n)) {
      throw new MalformedLineException("field '" + field + "' is missing or not an integer");
    }
    return n;
  }

  private static ObjectRef objectRef(Map<?, ?> json) throws MalformedLineException {
    for (var e : json.entrySet()) {
      if (e.getValue() != null && !(e.getValue() instanceof String)) {
        throw new MalformedLineException("object." + e.getKey() + " is not a string");
      }
    }
    if (json.get("kind") == null || json.get("name") == null) {
      throw new MalformedLineException("object has no kind or no name");
    }
    return ObjectRef.fromJson(json);
  }

  private static Map<String, String> stringMap(Object value) throws MalformedLineException {
    if (!(value instanceof Map<?, ?> map)) {
      throw new MalformedLineException("'detail' is missing or not an object");
    }
    Map<String, String> detail = new LinkedHashMap<>();
    for (var e : map.entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw new MalformedLineException("detail '" + e.getKey() + "' is not a string");
      }
      detail.put((String) e.getKey(), s);
    }
    return detail;
  }
}
