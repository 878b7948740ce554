package dev.rempart.record;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Something to record, before it is given its place in the chain.
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
    detail =
        detail == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(detail));
    if (type == EventType.GAP || type == EventType.ANCHOR) {
      throw new IllegalArgumentException(
          type.wire() + " entries are written by the chain itself, not recorded as events");
    }
  }

  public static RecordEvent of(
      EventType type,
      String baseline,
      String clause,
      ObjectRef object,
      Map<String, String> detail) {
    return new RecordEvent(type, baseline, clause, object, detail);
  }
}
