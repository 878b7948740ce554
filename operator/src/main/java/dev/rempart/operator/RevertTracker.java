package dev.rempart.operator;

import dev.rempart.core.ResourceRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Remembers, per object Rempart manages, how often someone undid it, and decides when Rempart
 * repairs it next (see {@link RepairBackoff}). A revert is counted once: the drift stays the same
 * revert, however often it is seen, until Rempart repairs it (or it goes away on its own). The
 * count starts again once Rempart's version has stood for the quiet window.
 *
 * <p>Timing state of this operator instance, kept in memory: after a restart or a change of leader
 * the first repairs are immediate again, which is the safe side.
 */
final class RevertTracker {
  private final RepairBackoff schedule;
  private final Clock clock;
  private final Map<Key, Fight> fights = new HashMap<>();

  RevertTracker(RepairBackoff schedule, Clock clock) {
    this.schedule = schedule;
    this.clock = clock;
  }

  RepairBackoff schedule() {
    return schedule;
  }

  /**
   * What to do about a drift of an object Rempart had applied.
   *
   * @param newRevert the drift is a new revert (not one already counted and waiting)
   * @param repairNow Rempart repairs it now; else it waits until {@code repairAt}
   * @param repairAt when Rempart may repair it
   * @param backoff how the back-off started, once it has, else null
   */
  record Decision(boolean newRevert, boolean repairNow, Instant repairAt, Backoff backoff) {
    /** A new revert whose repair waits: the moment to say so. */
    boolean deferred() {
      return newRevert && !repairNow;
    }
  }

  /**
   * The fight as it stood when back-off began; it does not change while the fight lasts, so the
   * Event telling of it stays one series.
   */
  record Backoff(ResourceRef object, String undoneBy, int reverts, Duration over, Duration delay) {}

  /** An object in back-off, or just out of it and not yet quiet, for the baseline's status. */
  record Contest(ResourceRef object, String undoneBy, int reverts, Duration over) {}

  /**
   * Someone undid the object.
   *
   * @param undoneBy how, for people: "changed by field manager 'x'", "deleted by another writer"
   */
  synchronized Decision reverted(String baseline, ResourceRef object, String undoneBy) {
    Instant now = clock.instant();
    Key key = new Key(baseline, object);
    Fight fight = fights.get(key);
    if (fight != null && fight.pending) {
      return fight.decision(false, now);
    }
    if (fight == null || isQuiet(fight, now)) {
      fight = new Fight(now);
      fights.put(key, fight);
    }
    fight.reverts++;
    fight.lastRevert = now;
    fight.undoneBy = undoneBy;
    fight.pending = true;
    Duration wait = schedule.delayBefore(fight.reverts);
    fight.repairAt = now.plus(wait);
    if (!wait.isZero() && fight.backoff == null) {
      fight.backoff =
          new Backoff(
              object, undoneBy, fight.reverts, Duration.between(fight.firstRevert, now), wait);
    }
    return fight.decision(true, now);
  }

  /** Rempart restored the object. */
  synchronized void repaired(String baseline, ResourceRef object) {
    Fight fight = fights.get(new Key(baseline, object));
    if (fight != null) {
      fight.settle(clock.instant());
    }
  }

  /**
   * After an evaluation of the baseline: a revert whose object no longer drifts (the other writer
   * put it back, or it is not wanted any more) is settled, and fights quiet for the window are
   * forgotten.
   */
  synchronized void settle(String baseline, Set<ResourceRef> drifting) {
    Instant now = clock.instant();
    for (Iterator<Map.Entry<Key, Fight>> it = fights.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Key, Fight> entry = it.next();
      if (!entry.getKey().baseline.equals(baseline)) {
        continue;
      }
      Fight fight = entry.getValue();
      if (fight.pending && !drifting.contains(entry.getKey().object)) {
        fight.settle(now);
      }
      if (isQuiet(fight, now)) {
        it.remove();
      }
    }
  }

  /** Objects of the baseline whose repairs are backing off, in a stable order. */
  synchronized List<Contest> contested(String baseline) {
    Instant now = clock.instant();
    List<Contest> contests = new ArrayList<>();
    fights.forEach(
        (key, fight) -> {
          if (key.baseline.equals(baseline) && fight.backoff != null && !isQuiet(fight, now)) {
            contests.add(
                new Contest(
                    key.object,
                    fight.undoneBy,
                    fight.reverts,
                    Duration.between(fight.firstRevert, fight.lastRevert)));
          }
        });
    contests.sort(Comparator.comparing(Contest::object));
    return contests;
  }

  /**
   * When the baseline needs evaluating again for its fights: the end of the earliest back-off (a
   * repair is due), or the end of a contested object's quiet window (its condition clears).
   */
  synchronized Optional<Instant> nextWakeUp(String baseline) {
    Instant now = clock.instant();
    Instant next = null;
    for (Map.Entry<Key, Fight> entry : fights.entrySet()) {
      if (!entry.getKey().baseline.equals(baseline)) {
        continue;
      }
      Fight fight = entry.getValue();
      Instant at =
          fight.pending
              ? fight.repairAt
              : (fight.backoff != null ? fight.settledAt.plus(schedule.quietWindow()) : null);
      if (at != null && at.isAfter(now) && (next == null || at.isBefore(next))) {
        next = at;
      }
    }
    return Optional.ofNullable(next);
  }

  /** The baseline is gone. */
  synchronized void forget(String baseline) {
    fights.keySet().removeIf(k -> k.baseline.equals(baseline));
  }

  private boolean isQuiet(Fight fight, Instant now) {
    return !fight.pending
        && fight.settledAt != null
        && Duration.between(fight.settledAt, now).compareTo(schedule.quietWindow()) >= 0;
  }

  private record Key(String baseline, ResourceRef object) {}

  /** One object's reverts since its version last stood for the quiet window. */
  private static final class Fight {
    final Instant firstRevert;
    Instant lastRevert;
    int reverts;
    String undoneBy;
    boolean pending;
    Instant repairAt;
    Instant settledAt;
    Backoff backoff;

    Fight(Instant firstRevert) {
      this.firstRevert = firstRevert;
      this.lastRevert = firstRevert;
    }

    void settle(Instant now) {
      pending = false;
      settledAt = now;
    }

    Decision decision(boolean newRevert, Instant now) {
      return new Decision(newRevert, !repairAt.isAfter(now), repairAt, backoff);
    }
  }
}
