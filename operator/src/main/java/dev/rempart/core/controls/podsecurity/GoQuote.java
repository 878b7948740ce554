package dev.rempart.core.controls.podsecurity;

/**
 * Quotes a value the way the Pod Security Admission prints annotation values ({@code %q} in Go), so
 * that an odd value stays readable and unambiguous in a message.
 */
final class GoQuote {
  private GoQuote() {}

  static String quote(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char ch : (value == null ? "" : value).toCharArray()) {
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (ch < 0x20) {
            out.append(String.format("\\x%02x", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
