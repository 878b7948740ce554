package dev.rempart.record;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON Canonicalization Scheme (RFC 8785) for the values the record holds: strings, integers
 * within the I-JSON range (|n| &lt; 2^53), booleans, null, objects and arrays. Objects are written
 * with their keys sorted by UTF-16 code units (what {@link String#compareTo} does), no whitespace,
 * strings with only the escapes RFC 8785 prescribes, every other character as itself in UTF-8.
 *
 * <p>Fractions and exponents are refused rather than approximated: RFC 8785 formats them the way
 * ECMAScript prints a double, the record never writes one, and a line that holds one was not
 * written by Rempart.
 */
public final class CanonicalJson {
  /** The largest integer every JSON reader holds exactly (I-JSON, RFC 7493 section 2.2). */
  public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

  private CanonicalJson() {}

  /** The canonical form as UTF-8 bytes: what the record hashes. */
  public static byte[] toBytes(Object value) {
    return write(value).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The canonical form of {@code value}: a {@link String}, {@link Long} or {@link Integer}, {@link
   * Boolean}, {@code null}, a {@link Map} with {@link String} keys, or a {@link List}.
   *
   * @throws IllegalArgumentException for any other value, an integer outside the I-JSON range or a
   *     string that is not valid Unicode (a lone surrogate)
   */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      writeString(s, out);
    } else if (value instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (value instanceof Long || value instanceof Integer) {
      long n = ((Number) value).longValue();
      if (n > MAX_SAFE_INTEGER || n < -MAX_SAFE_INTEGER) {
        throw new IllegalArgumentException(
            "integer " + n + " is outside the range JSON readers hold exactly (|n| < 2^53)");
      }
      out.append(n);
    } else if (value instanceof Map<?, ?> map) {
      writeObject(map, out);
    } else if (value instanceof List<?> list) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        write(list.get(i), out);
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException(
          "a " + value.getClass().getSimpleName() + " has no canonical form in the record");
    }
  }

  private static void writeObject(Map<?, ?> map, StringBuilder out) {
    List<String> keys = new ArrayList<>(map.size());
    for (Object key : map.keySet()) {
      if (!(key instanceof String s)) {
        throw new IllegalArgumentException("object key " + key + " is not a string");
      }
      keys.add(s);
    }
    // String.compareTo compares UTF-16 code units, which is the order RFC 8785 section 3.2.3 asks.
    keys.sort(null);
    out.append('{');
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      writeString(keys.get(i), out);
      out.append(':');
      write(map.get(keys.get(i)), out);
    }
    out.append('}');
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            throw new IllegalArgumentException(
                "string has a lone surrogate U+" + Integer.toHexString(c) + " at index " + i);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
