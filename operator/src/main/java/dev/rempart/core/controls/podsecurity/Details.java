package dev.rempart.core.controls.podsecurity;

import java.util.Collection;
import java.util.stream.Collectors;

/** Wording shared by the checks, so that their details read like the Pod Security Admission's. */
final class Details {
  private Details() {}

  /** {@code container "a"} or {@code containers "a", "b"}. */
  static String containers(Collection<String> names) {
    return plural("container", "containers", names.size()) + " " + quoted(names);
  }

  /** {@code "a", "b"}. */
  static String quoted(Collection<String> items) {
    return items.stream().map(i -> "\"" + i + "\"").collect(Collectors.joining(", "));
  }

  static String plural(String singular, String plural, int count) {
    return count == 1 ? singular : plural;
  }

  /** A setting that is on when true and off when false or unset (Go's {@code *bool}). */
  static boolean isTrue(Boolean value) {
    return value != null && value;
  }
}
