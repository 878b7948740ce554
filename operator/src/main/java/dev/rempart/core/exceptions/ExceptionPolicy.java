package dev.rempart.core.exceptions;

import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.BaselineExceptionSpec;
import dev.rempart.api.v1alpha1.ExceptionPhase;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.DesiredObject;
import dev.rempart.core.Drift;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.EvaluationResult.Orphan;
import dev.rempart.core.Finding;
import dev.rempart.core.ManagedObjects;
import dev.rempart.core.Removal;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one place that decides what BaselineExceptions do, for the operator and the command line
 * alike: which exceptions are live, which findings they except, and which writes they hold back in
 * Enforce.
 *
 * <p>An exception is live when it names the baseline, its expiresAt is still ahead, and it lasts no
 * longer than the baseline's {@code spec.exceptions.maxDays} counted from its creation (an
 * exception read from a file has no creation time: it is counted from the evaluation). A finding a
 * live exception covers is kept and marked excepted. An object a control would create, restore or
 * remove is held back when a live exception covers it whole (every check of its control, its
 * namespace, its kind and name) or covers a finding it would fix.
 */
public final class ExceptionPolicy {
  static final String ACTION_CREATE = "create";
  static final String ACTION_RESTORE = "restore";
  static final String ACTION_REMOVE = "remove";

  private static final DateTimeFormatter RFC_3339 =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toFormatter();

  private final List<ExceptionScope> live;
  private final List<ExceptionAssessment> assessments;

  private ExceptionPolicy(List<ExceptionScope> live, List<ExceptionAssessment> assessments) {
    this.live = live;
    this.assessments = assessments;
  }

  /**
   * Applies the snapshot's exceptions to a result computed without them.
   *
   * @param result the evaluation as the controls left it
   * @param snapshot where the exceptions and the namespaces' labels come from
   * @param baseline the evaluated baseline
   */
  public static EvaluationResult apply(
      EvaluationResult result, Snapshot snapshot, SecurityBaseline baseline) {
    return of(snapshot, baseline, result.evaluatedAt()).applyTo(result, labelsIn(snapshot));
  }

  /** The exceptions to the baseline that the snapshot holds, assessed at {@code now}. */
  public static ExceptionPolicy of(Snapshot snapshot, SecurityBaseline baseline, Instant now) {
    String baselineName = baseline.getMetadata().getName();
    List<ExceptionAssessment> assessments = new ArrayList<>();
    List<ExceptionScope> live = new ArrayList<>();
    snapshot.all(BaselineException.class).stream()
        .filter(e -> e.getSpec() != null && baselineName.equals(e.getSpec().getBaseline()))
        .sorted(Comparator.comparing(e -> e.getMetadata().getName()))
        .forEach(
            e -> {
              ExceptionAssessment a = assess(e, baseline, now);
              assessments.add(a);
              if (a.active()) {
                live.add(ExceptionScope.of(e));
              }
            });
    return new ExceptionPolicy(List.copyOf(live), List.copyOf(assessments));
  }

  /**
   * The specs of the exceptions in force, by name: what admission exempts (see {@code
   * dev.rempart.core.admission}).
   */
  public Map<String, BaselineExceptionSpec> liveSpecs() {
    Map<String, BaselineExceptionSpec> specs = new java.util.TreeMap<>();
    live.forEach(scope -> specs.put(scope.name(), scope.spec()));
    return specs;
  }

  /** Every exception to the baseline, assessed, by name. */
  public List<ExceptionAssessment> assessments() {
    return assessments;
  }

  /** The labels of a namespace as the snapshot holds them, or null when it holds no such one. */
  public static Function<String, Map<String, String>> labelsIn(Snapshot snapshot) {
    return name ->
        snapshot
            .find(Namespace.class, null, name)
            .map(
                ns ->
                    ns.getMetadata().getLabels() == null
                        ? Map.<String, String>of()
                        : ns.getMetadata().getLabels())
            .orElse(null);
  }

  /**
   * The namespaces among {@code known} whose findings or writes the exception can cover, or empty
   * when it names and selects none (it then covers objects in any namespace).
   */
  public static Optional<Set<String>> coverage(
      BaselineException exception,
      Function<String, Map<String, String>> labels,
      Collection<String> known) {
    if (exception.getSpec() == null) {
      return Optional.of(Set.of());
    }
    return ExceptionScope.of(exception).namespaces(labels, known);
  }

  /**
   * Whether one exception is honoured.
   *
   * @param baseline the baseline it names, or null when there is none
   */
  public static ExceptionAssessment assess(
      BaselineException exception, SecurityBaseline baseline, Instant now) {
    String name = exception.getMetadata().getName();
    BaselineExceptionSpec spec = exception.getSpec();
    Instant expiresAt = spec == null ? null : parse(spec.getExpiresAt());
    if (expiresAt == null) {
      return invalid(
          name,
          "MalformedSpec",
          "spec.expiresAt is missing or not an RFC 3339 time (2026-03-31T00:00:00Z); set it.",
          null);
    }
    if (spec.getControls() == null || spec.getControls().isEmpty()) {
      return invalid(
          name, "MalformedSpec", "spec.controls is empty; list the controls it covers.", expiresAt);
    }
    if (!now.isBefore(expiresAt)) {
      return new ExceptionAssessment(
          name,
          ExceptionPhase.Expired,
          "Expired",
          "Expired at "
              + expiresAt
              + "; baseline "
              + spec.getBaseline()
              + " applies in full again. If the exception is still needed, get it approved"
              + " again and set a new expiresAt.",
          expiresAt);
    }
    if (baseline == null) {
      return invalid(
          name,
          "BaselineNotFound",
          "No SecurityBaseline named "
              + spec.getBaseline()
              + "; the exception covers nothing. Fix spec.baseline.",
          expiresAt);
    }
    Instant start = creation(exception).orElse(now);
    int maxDays = baseline.getSpec().effectiveExceptionMaxDays();
    if (expiresAt.isAfter(start.plus(Duration.ofDays(maxDays)))) {
      long days = (Duration.between(start, expiresAt).toSeconds() + 86_399) / 86_400;
      return invalid(
          name,
          "TooLong",
          "spec.expiresAt ("
              + expiresAt
              + ") is "
              + days
              + " days after the exception's creation ("
              + start
              + "), beyond the "
              + maxDays
              + " days baseline "
              + spec.getBaseline()
              + " allows (spec.exceptions.maxDays); it is not honoured. Set an expiresAt at most "
              + maxDays
              + " days after its creation.",
          expiresAt);
    }
    return new ExceptionAssessment(
        name,
        ExceptionPhase.Active,
        "Active",
        "Honoured until "
            + expiresAt
            + " for baseline "
            + spec.getBaseline()
            + " (ticket "
            + spec.getTicket()
            + ", approved by "
            + spec.getApprovedBy()
            + ").",
        expiresAt);
  }

  /**
   * The result with the live exceptions applied (findings marked excepted, writes held back), and
   * the assessments of every exception attached.
   *
   * @param labels the labels of a namespace by name, null when there is no such namespace
   */
  public EvaluationResult applyTo(
      EvaluationResult r, Function<String, Map<String, String>> labels) {
    List<Finding> findings = r.findings().stream().map(f -> except(f, labels)).toList();
    Map<ResourceRef, String> fixedByExcepted = new HashMap<>();
    for (Finding f : findings) {
      if (f.excepted() && f.fixedBy() != null) {
        fixedByExcepted.putIfAbsent(f.fixedBy(), f.exceptedBy());
      }
    }
    List<HeldBack> heldBack = new ArrayList<>();
    List<DesiredObject> desired = new ArrayList<>();
    for (DesiredObject d : r.desired()) {
      boolean held =
          d.enforced() && holder(d.control(), d.ref(), fixedByExcepted, labels).isPresent();
      desired.add(held ? withoutEnforcement(d) : d);
    }
    List<Drift> drift = new ArrayList<>();
    for (Drift d : r.drift()) {
      Optional<String> holder =
          d.desired().enforced()
              ? holder(d.desired().control(), d.desired().ref(), fixedByExcepted, labels)
              : Optional.empty();
      if (holder.isPresent()) {
        String action = d.state() == Drift.State.MISSING ? ACTION_CREATE : ACTION_RESTORE;
        heldBack.add(new HeldBack(d.desired().ref(), d.desired().control(), action, holder.get()));
        drift.add(new Drift(withoutEnforcement(d.desired()), d.state(), d.actual()));
      } else {
        drift.add(d);
      }
    }
    List<Orphan> orphans = new ArrayList<>();
    for (Orphan o : r.orphans()) {
      String control = controlOf(o);
      Optional<String> holder =
          o.enforced() && control != null
              ? holder(control, o.ref(), fixedByExcepted, labels)
              : Optional.empty();
      if (holder.isPresent()) {
        heldBack.add(new HeldBack(o.ref(), control, ACTION_REMOVE, holder.get()));
        orphans.add(new Orphan(o.ref(), o.object(), false));
      } else {
        orphans.add(o);
      }
    }
    List<Removal> removals = new ArrayList<>();
    for (Removal removal : r.removals()) {
      Optional<String> holder = holder(removal.control(), removal.ref(), fixedByExcepted, labels);
      if (holder.isPresent()) {
        heldBack.add(new HeldBack(removal.ref(), removal.control(), ACTION_REMOVE, holder.get()));
      } else {
        removals.add(removal);
      }
    }
    heldBack.sort(Comparator.comparing(HeldBack::ref));
    return new EvaluationResult(
        r.baselineName(),
        r.evaluatedAt(),
        r.governance(),
        r.controls(),
        findings,
        List.copyOf(desired),
        List.copyOf(drift),
        List.copyOf(orphans),
        r.evidence(),
        List.copyOf(removals),
        List.copyOf(assessments),
        List.copyOf(heldBack));
  }

  private Finding except(Finding f, Function<String, Map<String, String>> labels) {
    for (ExceptionScope scope : live) {
      if (scope.covers(f.control(), f.check(), f.resource(), labels)) {
        return f.withExceptedBy(scope.name());
      }
    }
    return f;
  }

  /** The exception that holds back a write of the object, if any. */
  private Optional<String> holder(
      String control,
      ResourceRef ref,
      Map<ResourceRef, String> fixedByExcepted,
      Function<String, Map<String, String>> labels) {
    for (ExceptionScope scope : live) {
      if (scope.covers(control, null, ref, labels)) {
        return Optional.of(scope.name());
      }
    }
    return Optional.ofNullable(fixedByExcepted.get(ref));
  }

  private static DesiredObject withoutEnforcement(DesiredObject d) {
    return new DesiredObject(d.control(), d.object(), false, d.owned());
  }

  private static String controlOf(Orphan o) {
    Map<String, String> labels = o.object().getMetadata().getLabels();
    return labels == null ? null : labels.get(ManagedObjects.CONTROL_LABEL);
  }

  private static ExceptionAssessment invalid(
      String name, String reason, String message, Instant expiresAt) {
    return new ExceptionAssessment(name, ExceptionPhase.Invalid, reason, message, expiresAt);
  }

  /** The instant of an RFC 3339 time, or null when it is not one. */
  static Instant parse(String value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value, RFC_3339).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Optional<Instant> creation(BaselineException exception) {
    String ts = exception.getMetadata().getCreationTimestamp();
    return Optional.ofNullable(ts).map(Instant::parse);
  }
}
