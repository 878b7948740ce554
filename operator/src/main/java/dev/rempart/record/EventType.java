package dev.rempart.record;

import java.util.Arrays;
import java.util.Optional;

/** What an entry of the record says happened; {@link #wire()} is the name in the JSON line. */
public enum EventType {
  FINDING_OPENED("finding-opened"),
  FINDING_EXCEPTED("finding-excepted"),
  FINDING_RESOLVED("finding-resolved"),
  OBJECT_WRITTEN("object-written"),
  OBJECT_REMOVED("object-removed"),
  EXCEPTION_DECISION("exception-decision"),
  BASELINE_CHANGED("baseline-changed"),
  /** The chain could not be continued from its head: entries before it may be missing. */
  GAP("gap"),
  /** The head was published outside the stream (baseline status, Event) at this entry. */
  ANCHOR("anchor");

  private final String wire;

  EventType(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  public static Optional<EventType> fromWire(String wire) {
    return Arrays.stream(values()).filter(t -> t.wire.equals(wire)).findFirst();
  }
}
