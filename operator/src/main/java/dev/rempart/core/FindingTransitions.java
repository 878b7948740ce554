package dev.rempart.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transitions between a partition's findings before and after an evaluation, each finding known
 * by its control, check and resource: a message that changes wording is the same finding, not one
 * resolved and another opened. Unchanged findings give nothing, so that the record holds a line per
 * change, never per finding and round.
 */
public final class FindingTransitions {
  private FindingTransitions() {}

  /** The transitions from {@code before} to {@code after}: opened and excepted, then resolved. */
  public static List<FindingTransition> between(List<Finding> before, List<Finding> after) {
    Map<Key, Finding> was = byKey(before);
    Map<Key, Finding> now = byKey(after);
    List<FindingTransition> transitions = new ArrayList<>();
    now.forEach(
        (key, finding) -> {
          Finding previous = was.get(key);
          if (previous == null || previous.excepted() != finding.excepted()) {
            transitions.add(
                new FindingTransition(
                    finding.excepted()
                        ? FindingTransition.Kind.EXCEPTED
                        : FindingTransition.Kind.OPENED,
                    finding));
          }
        });
    was.forEach(
        (key, finding) -> {
          if (!now.containsKey(key)) {
            transitions.add(new FindingTransition(FindingTransition.Kind.RESOLVED, finding));
          }
        });
    return transitions;
  }

  /**
   * One finding per key, in order. Two findings under one key (two messages of one check on one
   * object) count as one, open while either is.
   */
  private static Map<Key, Finding> byKey(List<Finding> findings) {
    Map<Key, Finding> map = new LinkedHashMap<>();
    for (Finding f : findings) {
      map.merge(Key.of(f), f, (a, b) -> a.excepted() && !b.excepted() ? b : a);
    }
    return map;
  }

  private record Key(String control, String check, ResourceRef resource) {
    static Key of(Finding f) {
      return new Key(f.control(), f.check(), f.resource());
    }
  }
}
