package dev.rempart.operator;

import dev.rempart.api.v1alpha1.OldestCriticalFinding;
import dev.rempart.api.v1alpha1.SecurityBaselineStatus;
import dev.rempart.core.Evaluator;
import dev.rempart.core.IncrementalEvaluation;
import dev.rempart.core.ObjectChange;
import dev.rempart.core.status.CriticalFindingClock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The kept evaluation of every baseline, and the changes the informers reported since each was last
 * evaluated. Informer threads add changes; the baseline's reconcile takes them all at its start.
 */
final class BaselineEvaluations {
  /**
   * How many namespaces Rempart's own writes send into one round (see {@link
   * IncrementalEvaluation}): about 0.1 s of evaluation on one core, the most a repair waits behind
   * the evaluation that follows a cold start's thousands of writes.
   */
  static final int ECHO_SLICE = 250;

  private final Evaluator evaluator;
  private final Map<String, Kept> byBaseline = new ConcurrentHashMap<>();

  BaselineEvaluations(Evaluator evaluator) {
    this.evaluator = evaluator;
  }

  /** One baseline's evaluation and the changes waiting for it. */
  static final class Kept {
    private final IncrementalEvaluation evaluation;
    private final Queue<ObjectChange> pending = new ConcurrentLinkedQueue<>();
    private BaselineReconciler.StatusInputs lastInputs;
    private SecurityBaselineStatus lastStatus;
    private java.time.Instant lastFullRound;
    private CriticalFindingClock critical;

    Kept(Evaluator evaluator) {
      this.evaluation = new IncrementalEvaluation(evaluator, ECHO_SLICE);
    }

    IncrementalEvaluation evaluation() {
      return evaluation;
    }

    /**
     * Asks for a full round when the last one is older than {@code interval}: the periodic resync
     * that checks the kept results against a fresh evaluation of everything.
     */
    void resyncIfDue(java.time.Instant now, java.time.Duration interval) {
      if (lastFullRound == null) {
        lastFullRound = now;
      } else if (!now.isBefore(lastFullRound.plus(interval))) {
        evaluation.resyncAll();
        lastFullRound = now;
      }
    }

    /**
     * The oldest-critical clock moved on to this evaluation; on first use, resumed from what the
     * baseline's status recorded (an earlier process or leader).
     */
    CriticalFindingClock advanceCritical(
        OldestCriticalFinding recorded,
        java.util.List<dev.rempart.core.Finding> open,
        java.time.Instant now) {
      critical =
          (critical == null ? CriticalFindingClock.resumedFrom(recorded) : critical)
              .advance(open, now);
      return critical;
    }

    /** What the last status was computed from, or null. */
    BaselineReconciler.StatusInputs lastInputs() {
      return lastInputs;
    }

    /** The last status computed (without the Reported condition), or null. */
    SecurityBaselineStatus lastStatus() {
      return lastStatus;
    }

    void statusComputed(BaselineReconciler.StatusInputs inputs, SecurityBaselineStatus status) {
      this.lastInputs = inputs;
      this.lastStatus = status;
    }

    /** Every change reported since the last call, each once. */
    Set<ObjectChange> drain() {
      Set<ObjectChange> changes = new LinkedHashSet<>();
      for (ObjectChange c = pending.poll(); c != null; c = pending.poll()) {
        changes.add(c);
      }
      return changes;
    }
  }

  /** The baseline's kept evaluation, made (to evaluate everything) on first use. */
  Kept of(String baseline) {
    return byBaseline.computeIfAbsent(baseline, b -> new Kept(evaluator));
  }

  /** An object changed: every baseline's next evaluation looks at what it can affect. */
  void changed(ObjectChange change) {
    byBaseline.values().forEach(k -> k.pending.add(change));
  }

  void forget(String baseline) {
    byBaseline.remove(baseline);
  }
}
