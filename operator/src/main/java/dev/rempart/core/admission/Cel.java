package dev.rempart.core.admission;

import java.util.Collection;
import java.util.stream.Collectors;

/** Small helpers to write CEL text safely. */
final class Cel {
  private Cel() {}

  /** A CEL string literal: single quotes, with backslashes and quotes escaped. */
  static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** A CEL list literal of strings. */
  static String list(Collection<String> values) {
    return values.stream().map(Cel::quote).collect(Collectors.joining(", ", "[", "]"));
  }

  /** {@code value in [...]}, or false for an empty collection (CEL types {@code []} as dyn). */
  static String in(String value, Collection<String> values) {
    return values.isEmpty() ? "false" : value + " in " + list(values);
  }

  static String or(Collection<String> terms) {
    return terms.isEmpty()
        ? "false"
        : terms.stream().map(t -> "(" + t + ")").collect(Collectors.joining(" || "));
  }
}
