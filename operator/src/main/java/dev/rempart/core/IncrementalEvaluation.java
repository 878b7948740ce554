package dev.rempart.core;

import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.exceptions.ExceptionAssessment;
import dev.rempart.core.exceptions.ExceptionPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One baseline's evaluation kept between changes. It holds the last result of every partition and
 * evaluates again only the partitions a change can affect: the namespace the changed object is in,
 * the partitions whose evaluation read it (see {@link Dependencies}), those whose governance
 * changed, those an exception that changed covers, and those whose result time alone changes. A new
 * generation of the baseline evaluates everything once. The result is the one a full evaluation of
 * the same snapshot gives ({@code IncrementalEquivalenceTest} checks it).
 *
 * <p>A change to an object the baseline manages whole (a NetworkPolicy Rempart made), in a
 * partition nothing else changed, is not evaluated at all: it is compared with the object the
 * partition already wants, and any difference comes back as a repair to make ({@link
 * Outcome#repairs()}). Once repaired, the cluster is as the kept result says; a repair that is not
 * made must be reported back through {@link #invalidate}.
 *
 * <p>Not thread-safe: the operator calls it from the baseline's reconcile, which the framework runs
 * one at a time.
 */
public final class IncrementalEvaluation {
  private final Evaluator evaluator;
  private final int echoSlice;
  private String uid;
  private Long generation;
  private boolean everything = true;
  private final Map<Partition, PartitionResult> results = new HashMap<>();
  private final TreeMap<String, Namespace> governed = new TreeMap<>();
  private final Map<String, List<Conflict>> conflicts = new TreeMap<>();
  private final DependencyIndex index = new DependencyIndex();
  private final TreeMap<Instant, Set<Partition>> revisits = new TreeMap<>();
  private final Set<Partition> invalid = new HashSet<>();
  private final Set<String> relabelledByUs = new HashSet<>();

  /**
   * Partitions to evaluate again because Rempart wrote there, oldest first: their kept findings
   * predate the write, their desired objects are in place. At most {@link #echoSlice} of them go
   * into a round, so that a large write (a cold start) never holds a repair back for long.
   */
  private final Set<Partition> afterWrites = new LinkedHashSet<>();

  /** Partitions evaluated by the partial rounds since the whole result was last put together. */
  private final Set<Partition> evaluatedSinceResult = new HashSet<>();

  private List<String> otherBaselines = List.of();
  private Map<String, BaselineException> exceptions = Map.of();
  private Map<String, String> exceptionPhases = Map.of();
  private final WorkCounters counters = new WorkCounters();
  private EvaluationResult assembled;

  /**
   * The partitions whose kept result changed since {@link #assembled} was put together, each with
   * the result it was put together from (null: none).
   */
  private final Map<Partition, PartitionResult> replacedSinceAssembly = new HashMap<>();

  private boolean resync;
  private boolean reassemble = true;

  /**
   * The findings of the previous generation, kept from a new generation's reset until its first
   * round has compared them with the new ones; null otherwise.
   */
  private Map<Partition, List<Finding>> previousGeneration;

  /** An evaluation that takes in all of Rempart's writes at the next round, however many. */
  public IncrementalEvaluation(Evaluator evaluator) {
    this(evaluator, Integer.MAX_VALUE);
  }

  /**
   * @param echoSlice how many partitions that Rempart's own writes left to evaluate again go into
   *     one round; while more are left, rounds are partial ({@link Outcome#partial()})
   */
  public IncrementalEvaluation(Evaluator evaluator, int echoSlice) {
    if (echoSlice < 1) {
      throw new IllegalArgumentException("echoSlice must be at least 1");
    }
    this.evaluator = evaluator;
    this.echoSlice = echoSlice;
  }

  /**
   * What a round produced.
   *
   * @param result the whole baseline's result, as a full evaluation would give it
   * @param evaluated the partitions evaluated in this round
   * @param changed the partitions whose outcome differs from the previous round's
   * @param repairs drift of managed objects found without evaluation, to repair at once
   * @param objectsRead how many objects the controls were handed in this round
   * @param full true when every partition was evaluated (the first round, a new generation)
   * @param resultChanged false when the result says what the previous round's said (its time
   *     aside): nothing derived from it needs computing again
   * @param findingChanges for each partition whose findings changed, what they were and are (the
   *     partitions of a previous generation included); on the first round, nothing before
   * @param first true for the evaluation's first round: whether its findings are new or were there
   *     before the evaluation was made, the caller knows
   * @param partial true when partitions that Rempart's writes left to evaluate again are still
   *     waiting: the result then holds only what this round evaluated (its drift, orphans and
   *     removals are all there is to act on, and the status is left as it is), and the caller
   *     starts the next round at once
   * @param refreshed the partitions evaluated since the previous whole result: this round's and
   *     those of the partial rounds before it (whose reports are to be rebuilt)
   */
  public record Outcome(
      EvaluationResult result,
      Set<Partition> evaluated,
      Set<Partition> changed,
      List<Drift> repairs,
      long objectsRead,
      boolean full,
      boolean resultChanged,
      Map<Partition, FindingChange> findingChanges,
      boolean first,
      boolean partial,
      Set<Partition> refreshed) {}

  /** A partition's findings before and after a round (exceptions applied). */
  public record FindingChange(List<Finding> before, List<Finding> after) {
    /** What opened, was excepted or was resolved. */
    public List<FindingTransition> transitions() {
      return FindingTransitions.between(before, after);
    }
  }

  /** How much work the evaluation has done since it was made (for metrics and tests). */
  public WorkCounters counters() {
    return counters;
  }

  /**
   * The next round evaluates every partition again, keeping what it knows, and counts the
   * partitions whose result this changed ({@link WorkCounters#resyncCorrections()}): the periodic
   * full resync, a safety net that must find nothing new.
   */
  public void resyncAll() {
    resync = true;
  }

  /** The partition's result will be evaluated again at the next round (a repair was not made). */
  public void invalidate(Partition partition) {
    invalid.add(partition);
  }

  /**
   * Rempart itself wrote or removed the object. Its echo from the watch is not passed on as a
   * change (recognising it is all the work it costs); what the write affects is evaluated at the
   * next round instead, which the write alone does not start.
   */
  public void wrote(ObjectChange change) {
    if (change.type() == Namespace.class) {
      relabelledByUs.add(change.name());
      afterWrites.add(Partition.of(change.name()));
    } else if (change.namespace() != null) {
      afterWrites.add(Partition.of(change.namespace()));
    }
    afterWrites.addAll(index.affectedBy(change));
  }

  /**
   * Takes in what the operator did with a round: what it wrote or removed is evaluated again at the
   * next round (its echo starts nothing), except the repairs found without evaluation, after which
   * the kept result holds as it is; such a repair that was not made leaves its partition to be
   * evaluated again.
   *
   * @param round the round whose result was acted on
   * @param written the objects written or removed
   * @param unrepaired the drift not repaired (failed, or waiting)
   */
  public void remediated(
      Outcome round,
      Collection<? extends HasMetadata> written,
      Collection<ResourceRef> unrepaired) {
    Set<ResourceRef> quick = new HashSet<>();
    round.repairs().forEach(d -> quick.add(d.desired().ref()));
    for (HasMetadata object : written) {
      if (!quick.contains(ResourceRef.of(object))) {
        wrote(ObjectChange.of(object));
      }
    }
    for (ResourceRef ref : unrepaired) {
      if (quick.contains(ref)) {
        invalidate(Partition.of(ref.namespace()));
      }
    }
  }

  /**
   * True while partitions that Rempart's writes affected wait to be evaluated again: a result put
   * together now is about to change (what was applied is seen at those partitions' next rounds).
   */
  public boolean writesLeftToEvaluate() {
    return !afterWrites.isEmpty();
  }

  /** The result of one partition as last evaluated, if it is kept. */
  public Optional<PartitionResult> partition(Partition partition) {
    return Optional.ofNullable(results.get(partition));
  }

  /** The earliest instant at which time alone changes a kept result, if any. */
  public Optional<Instant> nextRevisit() {
    return revisits.isEmpty() ? Optional.empty() : Optional.of(revisits.firstKey());
  }

  /**
   * Evaluates what the changes since the previous round can have affected.
   *
   * @param baseline the baseline as it is now
   * @param snapshot the cluster as it is now
   * @param now the time of the round
   * @param changes every object created, changed or deleted since the previous round
   */
  public Outcome evaluate(
      SecurityBaseline baseline, Snapshot snapshot, Instant now, Collection<ObjectChange> changes) {
    boolean first = uid == null && assembled == null;
    counters.rounds++;
    resetOnNewGeneration(baseline);
    EvaluationRound round = evaluator.round(baseline, snapshot, now);
    Set<Partition> dirty = new HashSet<>(invalid);
    invalid.clear();
    Map<Partition, Set<ResourceRef>> touchedManaged = new HashMap<>();
    Set<String> relabelled = new HashSet<>(relabelledByUs);
    relabelledByUs.clear();
    boolean baselinesChanged = false;
    for (ObjectChange change : changes) {
      if (change.type() == SecurityBaseline.class) {
        // Its own new generation re-evaluates everything already (resetOnNewGeneration); only
        // another baseline's change can move governance here.
        baselinesChanged |= !change.name().equals(baseline.getMetadata().getName());
        continue;
      }
      if (change.type() == Namespace.class) {
        relabelled.add(change.name());
        dirty.add(Partition.of(change.name()));
      } else if (change.namespace() != null) {
        Partition own = Partition.of(change.namespace());
        // A partition still to be evaluated after a write of ours may want something else now
        // (the write changed what it read): only its evaluation can tell.
        Optional<ResourceRef> managed =
            afterWrites.contains(own) ? Optional.empty() : managedDesired(own, change);
        if (managed.isPresent()) {
          touchedManaged.computeIfAbsent(own, p -> new HashSet<>()).add(managed.get());
        } else {
          dirty.add(own);
        }
      }
      dirty.addAll(index.affectedBy(change));
    }
    dirtyRevisitsDue(now, dirty);
    updateGovernance(baseline, snapshot, relabelled, baselinesChanged, dirty);
    dirtyChangedExceptions(round, snapshot, dirty);

    Set<Partition> toEvaluate = new HashSet<>(dirty);
    boolean full = everything;
    boolean resyncing = resync && !everything;
    if (everything || resync) {
      toEvaluate.addAll(round.allPartitions());
      toEvaluate.addAll(results.keySet());
      everything = false;
      resync = false;
      // Waiting after Rempart's writes is a known reason to evaluate: no resync correction.
      dirty.addAll(afterWrites);
      afterWrites.clear();
    } else {
      takeWriteSlice(toEvaluate);
    }
    boolean partial = !afterWrites.isEmpty();
    Set<Partition> changed = new HashSet<>();
    Map<Partition, FindingChange> findingChanges = new HashMap<>();
    Map<Partition, List<Finding>> before = previousGeneration;
    previousGeneration = null;
    long objectsRead = 0;
    for (Partition partition : toEvaluate) {
      PartitionResult next = round.evaluate(partition, governedNamespace(partition));
      counters.partitionsEvaluated++;
      objectsRead += next.objectsRead();
      PartitionResult previous = keep(partition, next);
      boolean same = previous == null ? next.isEmpty() : next.sameOutcome(previous);
      if (!same) {
        changed.add(partition);
        if (resyncing && !dirty.contains(partition) && !touchedManaged.containsKey(partition)) {
          counters.resyncCorrections++;
        }
        // Only for partitions whose outcome changed: an unchanged round compares nothing.
        List<Finding> was =
            previous != null
                ? previous.findings()
                : before == null ? List.of() : before.getOrDefault(partition, List.of());
        if (!was.equals(next.findings())) {
          findingChanges.put(partition, new FindingChange(was, next.findings()));
        }
      }
    }
    if (before != null) {
      // Partitions of the previous generation that this one no longer evaluates: resolved.
      before.forEach(
          (partition, findings) -> {
            if (!toEvaluate.contains(partition) && !findings.isEmpty()) {
              findingChanges.put(partition, new FindingChange(findings, List.of()));
            }
          });
    }
    counters.objectsRead += objectsRead;
    List<Drift> repairs = new ArrayList<>();
    touchedManaged.forEach(
        (partition, refs) -> {
          if (!toEvaluate.contains(partition)) {
            counters.fastRepairChecks++;
            repairs.addAll(driftOf(partition, refs, snapshot));
          }
        });
    if (partial) {
      return partialOutcome(
          round, toEvaluate, changed, repairs, objectsRead, findingChanges, first);
    }
    // After partial rounds, the whole result is put together again from what they evaluated.
    boolean afterPartialRounds = !evaluatedSinceResult.isEmpty();
    Set<Partition> refreshed = new HashSet<>(evaluatedSinceResult);
    refreshed.addAll(toEvaluate);
    evaluatedSinceResult.clear();
    boolean resultChanged =
        reassemble || full || afterPartialRounds || !changed.isEmpty() || assembled == null;
    if (resultChanged) {
      // Only then is the whole result put together again: a round that changed nothing costs
      // what its changes cost, whatever the size of the cluster.
      boolean patchable = !reassemble && !full && !afterPartialRounds && assembled != null;
      assembled =
          patchable
              ? round.reassemble(governance(), results.values(), assembled, replacedParts())
              : round.assemble(governance(), results.values());
      replacedSinceAssembly.clear();
      reassemble = false;
      counters.assemblies++;
    } else {
      assembled = at(assembled, now, round);
    }
    EvaluationResult result = repairs.isEmpty() ? assembled : withDrift(assembled, repairs);
    return new Outcome(
        result,
        Set.copyOf(toEvaluate),
        Set.copyOf(changed),
        repairs,
        objectsRead,
        full,
        resultChanged,
        Map.copyOf(findingChanges),
        first,
        false,
        Set.copyOf(refreshed));
  }

  /** The kept partitions' results that differ from those the last result was put together from. */
  private EvaluationRound.Replaced replacedParts() {
    List<PartitionResult> removed = new ArrayList<>();
    List<PartitionResult> added = new ArrayList<>();
    replacedSinceAssembly.forEach(
        (partition, then) -> {
          PartitionResult now = results.get(partition);
          if (now != then) {
            if (then != null) {
              removed.add(then);
            }
            if (now != null) {
              added.add(now);
            }
          }
        });
    removed.sort(Comparator.comparing(PartitionResult::partition));
    added.sort(Comparator.comparing(PartitionResult::partition));
    return new EvaluationRound.Replaced(removed, added);
  }

  /**
   * Adds to the round the oldest partitions left to evaluate after Rempart's writes, up to the
   * slice; those the round evaluates anyway (a change pointed at them) are no longer waiting.
   */
  private void takeWriteSlice(Set<Partition> toEvaluate) {
    afterWrites.removeAll(toEvaluate);
    Iterator<Partition> oldest = afterWrites.iterator();
    for (int taken = 0; taken < echoSlice && oldest.hasNext(); taken++) {
      toEvaluate.add(oldest.next());
      oldest.remove();
    }
  }

  /**
   * A round that left partitions to evaluate: its result is made of what it evaluated only (the
   * rest of the kept results still predate Rempart's writes, so their findings are not put together
   * into a status yet, nor their drift acted on again).
   */
  private Outcome partialOutcome(
      EvaluationRound round,
      Set<Partition> toEvaluate,
      Set<Partition> changed,
      List<Drift> repairs,
      long objectsRead,
      Map<Partition, FindingChange> findingChanges,
      boolean first) {
    evaluatedSinceResult.addAll(toEvaluate);
    List<PartitionResult> slice = new ArrayList<>();
    for (Partition partition : toEvaluate) {
      PartitionResult kept = results.get(partition);
      if (kept != null) {
        slice.add(kept);
      }
    }
    EvaluationResult evaluatedPart = round.assemble(governance(), slice);
    return new Outcome(
        repairs.isEmpty() ? evaluatedPart : withDrift(evaluatedPart, repairs),
        Set.copyOf(toEvaluate),
        Set.copyOf(changed),
        repairs,
        objectsRead,
        false,
        !changed.isEmpty(),
        Map.copyOf(findingChanges),
        first,
        true,
        Set.copyOf(toEvaluate));
  }

  private void resetOnNewGeneration(SecurityBaseline baseline) {
    String nextUid = baseline.getMetadata().getUid();
    Long nextGeneration = baseline.getMetadata().getGeneration();
    if (!Objects.equals(uid, nextUid) || !Objects.equals(generation, nextGeneration)) {
      previousGeneration = new HashMap<>();
      results.forEach((partition, kept) -> previousGeneration.put(partition, kept.findings()));
      uid = nextUid;
      generation = nextGeneration;
      everything = true;
      results.clear();
      governed.clear();
      conflicts.clear();
      index.clear();
      revisits.clear();
      invalid.clear();
      relabelledByUs.clear();
      afterWrites.clear();
      evaluatedSinceResult.clear();
      assembled = null;
      replacedSinceAssembly.clear();
      reassemble = true;
      otherBaselines = List.of();
      exceptions = Map.of();
      exceptionPhases = Map.of();
    }
  }

  /** The desired object the change is about, when the baseline manages it whole and enforces it. */
  private Optional<ResourceRef> managedDesired(Partition partition, ObjectChange change) {
    PartitionResult kept = results.get(partition);
    if (kept == null) {
      return Optional.empty();
    }
    for (DesiredObject d : kept.desired()) {
      HasMetadata want = d.object();
      if (d.owned()
          && d.enforced()
          && want.getClass() == change.type()
          && Objects.equals(want.getMetadata().getName(), change.name())) {
        return Optional.of(d.ref());
      }
    }
    return Optional.empty();
  }

  private List<Drift> driftOf(Partition partition, Set<ResourceRef> refs, Snapshot snapshot) {
    List<DesiredObject> wanted =
        results.get(partition).desired().stream().filter(d -> refs.contains(d.ref())).toList();
    return DriftDetector.detect(wanted, snapshot);
  }

  /** The same result, as of this round: its time and the exceptions' assessments at it. */
  private static EvaluationResult at(EvaluationResult r, Instant now, EvaluationRound round) {
    return new EvaluationResult(
        r.baselineName(),
        now,
        r.governance(),
        r.controls(),
        r.findings(),
        r.desired(),
        r.drift(),
        r.orphans(),
        r.evidence(),
        r.removals(),
        round.exceptions().assessments(),
        r.heldBack());
  }

  private static EvaluationResult withDrift(EvaluationResult r, List<Drift> repairs) {
    List<Drift> drift = new ArrayList<>(r.drift());
    drift.addAll(repairs);
    return new EvaluationResult(
        r.baselineName(),
        r.evaluatedAt(),
        r.governance(),
        r.controls(),
        r.findings(),
        r.desired(),
        List.copyOf(drift),
        r.orphans(),
        r.evidence(),
        r.removals(),
        r.exceptions(),
        r.heldBack());
  }

  private void dirtyRevisitsDue(Instant now, Set<Partition> dirty) {
    while (!revisits.isEmpty() && !revisits.firstKey().isAfter(now)) {
      dirty.addAll(revisits.pollFirstEntry().getValue());
    }
  }

  /**
   * Keeps which namespaces the baseline acts on up to date: every namespace when another baseline
   * changed (or on a new generation), else the relabelled ones. A namespace that joins or leaves is
   * evaluated again.
   */
  private void updateGovernance(
      SecurityBaseline baseline,
      Snapshot snapshot,
      Set<String> relabelled,
      boolean baselinesChanged,
      Set<Partition> dirty) {
    List<SecurityBaseline> others =
        Governance.others(baseline, snapshot.all(SecurityBaseline.class));
    List<String> othersNow = others.stream().map(IncrementalEvaluation::seniorityKey).toList();
    if (everything || baselinesChanged || !othersNow.equals(otherBaselines)) {
      otherBaselines = othersNow;
      Set<String> before = Set.copyOf(governed.keySet());
      governed.clear();
      conflicts.clear();
      for (Namespace ns : snapshot.all(Namespace.class)) {
        stand(baseline, ns, others);
      }
      reassemble = true;
      Set<String> moved = new HashSet<>(before);
      moved.addAll(governed.keySet());
      for (String name : moved) {
        if (before.contains(name) != governed.containsKey(name)) {
          dirty.add(Partition.of(name));
        }
      }
      counters.governanceRecomputed++;
      return;
    }
    for (String name : relabelled) {
      Namespace wasGoverned = governed.remove(name);
      List<Conflict> hadConflicts = conflicts.remove(name);
      snapshot.find(Namespace.class, null, name).ifPresent(ns -> stand(baseline, ns, others));
      if (!Objects.equals(wasGoverned, governed.get(name))
          || !Objects.equals(hadConflicts, conflicts.get(name))) {
        reassemble = true;
      }
    }
  }

  private void stand(SecurityBaseline baseline, Namespace ns, List<SecurityBaseline> others) {
    Governance.Standing standing = Governance.standing(baseline, ns, others);
    String name = ns.getMetadata().getName();
    if (standing.governed()) {
      governed.put(name, ns);
    }
    if (!standing.conflicts().isEmpty()) {
      conflicts.put(name, standing.conflicts());
    }
  }

  private static String seniorityKey(SecurityBaseline b) {
    return b.getMetadata().getName()
        + "|"
        + b.getMetadata().getUid()
        + "|"
        + b.getMetadata().getGeneration()
        + "|"
        + b.getMetadata().getCreationTimestamp();
  }

  /**
   * Evaluates again what an exception covers when it was created, changed, deleted, or changed
   * phase with time (it expired): the namespaces it names or selects, before and after, and the
   * cluster partition; every partition when it covers every namespace.
   */
  private void dirtyChangedExceptions(
      EvaluationRound round, Snapshot snapshot, Set<Partition> dirty) {
    Map<String, BaselineException> now = new HashMap<>();
    Map<String, String> phases = new HashMap<>();
    for (ExceptionAssessment a : round.exceptions().assessments()) {
      phases.put(a.name(), a.phase().name());
    }
    for (BaselineException e : snapshot.all(BaselineException.class)) {
      if (phases.containsKey(e.getMetadata().getName())) {
        now.put(e.getMetadata().getName(), e);
      }
    }
    Set<String> names = new HashSet<>(now.keySet());
    names.addAll(exceptions.keySet());
    List<BaselineException> changedOnes = new ArrayList<>();
    for (String name : names) {
      BaselineException before = exceptions.get(name);
      BaselineException after = now.get(name);
      boolean same =
          before != null
              && after != null
              && sameVersion(before, after)
              && Objects.equals(exceptionPhases.get(name), phases.get(name));
      if (!same) {
        if (before != null) {
          changedOnes.add(before);
        }
        if (after != null) {
          changedOnes.add(after);
        }
      }
    }
    exceptions = now;
    if (!phases.equals(exceptionPhases)) {
      reassemble = true;
    }
    exceptionPhases = phases;
    if (changedOnes.isEmpty() || everything) {
      return;
    }
    counters.exceptionChanges++;
    dirty.add(Partition.CLUSTER);
    Function<String, Map<String, String>> labels = ExceptionPolicy.labelsIn(snapshot);
    List<String> known =
        snapshot.all(Namespace.class).stream().map(ns -> ns.getMetadata().getName()).toList();
    for (BaselineException e : changedOnes) {
      Optional<Set<String>> covered = ExceptionPolicy.coverage(e, labels, known);
      if (covered.isEmpty()) {
        dirty.addAll(results.keySet());
        known.forEach(ns -> dirty.add(Partition.of(ns)));
      } else {
        covered.get().forEach(ns -> dirty.add(Partition.of(ns)));
      }
    }
  }

  /**
   * True when two reads of an exception are the same version: by resourceVersion where the API
   * server gave one (a relist hands over new instances of unchanged objects), else the same
   * instance.
   */
  private static boolean sameVersion(BaselineException before, BaselineException after) {
    String a = before.getMetadata().getResourceVersion();
    String b = after.getMetadata().getResourceVersion();
    return a != null && b != null ? a.equals(b) : before == after;
  }

  private Namespace governedNamespace(Partition partition) {
    return partition.isCluster() ? null : governed.get(partition.namespace());
  }

  /** Stores the partition's new result (or drops an empty one) and returns the previous one. */
  private PartitionResult keep(Partition partition, PartitionResult next) {
    PartitionResult previous = results.get(partition);
    if (!replacedSinceAssembly.containsKey(partition)) {
      replacedSinceAssembly.put(partition, previous);
    }
    if (previous != null && previous.revisitAt() != null) {
      Set<Partition> at = revisits.get(previous.revisitAt());
      if (at != null) {
        at.remove(partition);
        if (at.isEmpty()) {
          revisits.remove(previous.revisitAt());
        }
      }
    }
    if (next.isEmpty() && next.dependencies().isEmpty() && !partition.isCluster()) {
      results.remove(partition);
      index.forget(partition);
      return previous;
    }
    results.put(partition, next);
    index.record(partition, next.dependencies());
    if (next.revisitAt() != null) {
      revisits.computeIfAbsent(next.revisitAt(), k -> new HashSet<>()).add(partition);
    }
    return previous;
  }

  private Governance governance() {
    List<Conflict> all = new ArrayList<>();
    conflicts.values().forEach(all::addAll);
    return Governance.of(new ArrayList<>(governed.values()), all);
  }

  /** Counts of the work done, for metrics and for tests that the work follows the change. */
  public static final class WorkCounters {
    private long rounds;
    private long partitionsEvaluated;
    private long objectsRead;
    private long fastRepairChecks;
    private long exceptionChanges;
    private long governanceRecomputed;
    private long resyncCorrections;
    private long assemblies;

    public long rounds() {
      return rounds;
    }

    public long partitionsEvaluated() {
      return partitionsEvaluated;
    }

    public long objectsRead() {
      return objectsRead;
    }

    public long fastRepairChecks() {
      return fastRepairChecks;
    }

    public long exceptionChanges() {
      return exceptionChanges;
    }

    /** Rounds that put the whole result together again (the others reuse the last one). */
    public long assemblies() {
      return assemblies;
    }

    public long governanceRecomputed() {
      return governanceRecomputed;
    }

    /**
     * Partitions a full resync found different from what was kept although no change pointed at
     * them: 0 unless a change was missed (an event lost, a dependency not recorded).
     */
    public long resyncCorrections() {
      return resyncCorrections;
    }
  }
}
