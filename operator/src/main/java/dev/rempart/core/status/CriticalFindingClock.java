package dev.rempart.core.status;

import dev.rempart.api.v1alpha1.OldestCriticalFinding;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Since when each open critical finding has been open: the age of the oldest one is the clause 7.1
 * signal (and the 15-minute alert). Immutable; each evaluation gives the next one. It starts from
 * what the status recorded, so a restart or a change of leader does not reset the age.
 */
public final class CriticalFindingClock {
  private static final CriticalFindingClock EMPTY = new CriticalFindingClock(Map.of());

  private final Map<Key, Instant> since;

  private CriticalFindingClock(Map<Key, Instant> since) {
    this.since = since;
  }

  /**
   * The clock as an earlier evaluation (perhaps another leader's) left it in the status: only its
   * oldest critical finding is recorded there.
   *
   * @param recorded the status's oldest critical finding, or null
   */
  public static CriticalFindingClock resumedFrom(OldestCriticalFinding recorded) {
    if (recorded == null || recorded.getSince() == null) {
      return EMPTY;
    }
    try {
      return new CriticalFindingClock(Map.of(Key.of(recorded), Instant.parse(recorded.getSince())));
    } catch (DateTimeParseException e) {
      // A hand-edited status: the clock starts again, which only understates the age.
      return EMPTY;
    }
  }

  /**
   * Keeps the first-seen time of every critical finding still open, starts the new ones at {@code
   * now}, and forgets the resolved ones (a finding that comes back starts a new clock).
   */
  public CriticalFindingClock advance(List<Finding> open, Instant now) {
    Map<Key, Instant> next = new HashMap<>();
    for (Finding f : open) {
      if (f.severity() == Severity.CRITICAL) {
        Key key = Key.of(f);
        next.put(key, since.getOrDefault(key, now));
      }
    }
    return next.isEmpty() ? EMPTY : new CriticalFindingClock(Map.copyOf(next));
  }

  /** The critical finding open the longest and since when, as the status records it; or null. */
  public OldestCriticalFinding oldest() {
    return since.entrySet().stream()
        .min(Map.Entry.<Key, Instant>comparingByValue().thenComparing(e -> e.getKey().resource()))
        .map(e -> e.getKey().record(e.getValue()))
        .orElse(null);
  }

  /** A finding's identity across evaluations: not its message, whose details may change. */
  private record Key(String control, String check, String clause, ResourceRef resource) {
    static Key of(Finding f) {
      return new Key(f.control(), f.check(), f.clause(), f.resource());
    }

    static Key of(OldestCriticalFinding f) {
      return new Key(
          f.getControl(),
          f.getCheck(),
          f.getClause(),
          new ResourceRef(f.getApiVersion(), f.getKind(), f.getNamespace(), f.getName()));
    }

    OldestCriticalFinding record(Instant at) {
      OldestCriticalFinding f = new OldestCriticalFinding();
      f.setControl(control);
      f.setCheck(check);
      f.setClause(clause);
      f.setApiVersion(resource.apiVersion());
      f.setKind(resource.kind());
      f.setNamespace(resource.namespace());
      f.setName(resource.name());
      f.setSince(at.toString());
      return f;
    }
  }
}
