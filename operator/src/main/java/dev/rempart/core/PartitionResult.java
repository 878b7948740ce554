package dev.rempart.core;

import dev.rempart.core.EvaluationResult.Orphan;
import dev.rempart.core.exceptions.HeldBack;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the evaluation of one partition produced, exceptions applied, and what it read to get there.
 *
 * @param partition the partition
 * @param findings its findings (unsorted)
 * @param desired the objects its controls want there
 * @param drift desired objects the cluster lacks or holds differently
 * @param orphans objects the baseline made there that no control wants any more
 * @param evidence what its controls could or could not verify
 * @param removals objects Rempart does not own that are to be deleted
 * @param heldBack writes an exception holds back
 * @param dependencies what it read outside its own namespace
 * @param revisitAt when time alone changes the result, or null
 * @param objectsRead how many objects the controls were handed (the work counter)
 */
public record PartitionResult(
    Partition partition,
    List<Finding> findings,
    List<DesiredObject> desired,
    List<Drift> drift,
    List<Orphan> orphans,
    List<Evidence> evidence,
    List<Removal> removals,
    List<HeldBack> heldBack,
    Set<Dependencies.Key> dependencies,
    Instant revisitAt,
    long objectsRead) {

  /** True when the partition holds nothing to report or to do: it need not be kept. */
  public boolean isEmpty() {
    return findings.isEmpty()
        && desired.isEmpty()
        && drift.isEmpty()
        && orphans.isEmpty()
        && evidence.isEmpty()
        && removals.isEmpty()
        && heldBack.isEmpty()
        && revisitAt == null;
  }

  /** True when the two hold the same outcome (what they read aside). */
  public boolean sameOutcome(PartitionResult other) {
    return other != null
        && findings.equals(other.findings)
        && desired.equals(other.desired)
        && drift.equals(other.drift)
        && orphans.equals(other.orphans)
        && evidence.equals(other.evidence)
        && removals.equals(other.removals)
        && heldBack.equals(other.heldBack);
  }
}
