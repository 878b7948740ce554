package dev.rempart.record;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Something to record, before it is given its place in the chain. Built from whatever the caller
 * has: values without a canonical form are made canonical here (a lone UTF-16 surrogate becomes
 * U+FFFD, a null detail is left out), so that an odd string can never stop the record.
 *
 * @param baseline the SecurityBaseline's name, or null when the event concerns none
 * @param clause the addendum's clause, e.g. {@code 4.4}, or null
 * @param object the object concerned, or null
 * @param detail what else an auditor needs (control, check, message, decision, ...): strings only,
 *     so that every value has one canonical form
 */
public record RecordEvent(
    EventType type, String baseline, String clause, ObjectRef object, Map<String, String> detail) {
  public RecordEvent {
    Objects.requireNonNull(type, "type");
    if (type == EventType.GAP || type == EventType.ANCHOR) {
      throw new IllegalArgumentException(
          type.wire() + " entries are written by the chain itself, not recorded as events");
    }
    baseline = wellFormed(baseline);
    clause = wellFormed(clause);
    object =
        object == null
            ? null
            : new ObjectRef(
                wellFormed(object.apiVersion()),
                wellFormed(object.kind()),
                wellFormed(object.namespace()),
                wellFormed(object.name()));
    TreeMap<String, String> sorted = new TreeMap<>();
    if (detail != null) {
      detail.forEach(
          (key, value) -> {
            if (key != null && value != null) {
              sorted.put(wellFormed(key), wellFormed(value));
            }
          });
    }
    detail = Collections.unmodifiableMap(sorted);
  }

  public static RecordEvent of(
      EventType type,
      String baseline,
      String clause,
      ObjectRef object,
      Map<String, String> detail) {
    return new RecordEvent(type, baseline, clause, object, detail);
  }

  /** The string with every lone surrogate replaced by U+FFFD, the Unicode replacement character. */
  static String wellFormed(String s) {
    if (s == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1));
      if (pair) {
        if (out != null) {
          out.append(c).append(s.charAt(i + 1));
        }
        i++;
      } else if (Character.isSurrogate(c)) {
        if (out == null) {
          out = new StringBuilder(s.substring(0, i));
        }
        out.append('\uFFFD');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }
}
