package dev.rempart.operator;

import dev.rempart.api.v1alpha1.SummaryLimits;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** What people read about another writer that keeps undoing an object Rempart manages. */
final class RevertMessages {
  private RevertMessages() {}

  /** How an object was undone, from its drift: the other field manager when the API names it. */
  static String undoneBy(boolean deleted, String otherManager) {
    if (deleted) {
      return "deleted by another writer";
    }
    return otherManager == null
        ? "changed by another writer"
        : "changed by field manager '" + otherManager + "'";
  }

  /**
   * The Warning Event when Rempart starts backing off. It tells the fight as it stood then, so it
   * stays one Event series (its count grows with every deferred repair) while the fight lasts.
   */
  static String backoffStarted(RevertTracker.Backoff b, RepairBackoff schedule) {
    return b.object().display()
        + " was undone "
        + b.reverts()
        + " times in "
        + duration(b.over())
        + ", last "
        + b.undoneBy()
        + ": another writer is fighting Rempart over it. Rempart keeps restoring it but backs"
        + " off: the next repair waits "
        + duration(b.delay())
        + ", and the wait doubles (up to "
        + duration(schedule.maxDelay())
        + ") while it keeps being undone. To end the fight, stop the other writer, let it own the"
        + " object through a BaselineException, or take the object out of the other tool's"
        + " scope.";
  }

  /** The Contested condition's message, or null when no object is contested. */
  static String contested(List<RevertTracker.Contest> contests) {
    if (contests.isEmpty()) {
      return null;
    }
    String shown =
        contests.stream()
            .limit(SummaryLimits.EXAMPLES)
            .map(
                c ->
                    c.object().display()
                        + " was undone "
                        + c.reverts()
                        + " times in "
                        + duration(c.over())
                        + ", last "
                        + c.undoneBy())
            .collect(Collectors.joining("; "));
    int more = contests.size() - SummaryLimits.EXAMPLES;
    return shown
        + (more > 0 ? "; and " + more + " more" : "")
        + ". Rempart keeps restoring "
        + (contests.size() == 1 ? "it" : "them")
        + " with back-off; see the Conflict events.";
  }

  /** 850ms, 4.2s, 40s, 5m, 2m30s. */
  static String duration(Duration d) {
    long millis = d.toMillis();
    if (millis < 1000) {
      return millis + "ms";
    }
    if (millis < 10_000 && millis % 1000 != 0) {
      return String.format(java.util.Locale.ROOT, "%.1fs", millis / 1000.0);
    }
    long seconds = d.toSeconds();
    if (seconds < 60) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    long rest = seconds % 60;
    if (minutes < 60) {
      return minutes + "m" + (rest == 0 ? "" : rest + "s");
    }
    long hours = minutes / 60;
    return hours + "h" + (minutes % 60 == 0 ? "" : (minutes % 60) + "m");
  }
}
