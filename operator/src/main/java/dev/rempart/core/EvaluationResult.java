package dev.rempart.core;

import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.core.exceptions.ExceptionAssessment;
import dev.rempart.core.exceptions.HeldBack;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one evaluation of one baseline produced.
 *
 * @param baselineName the baseline
 * @param evaluatedAt the clock's time
 * @param governance the namespaces it acts on and its conflicts
 * @param controls what each enabled control ran as, in catalogue order
 * @param findings every finding, in {@link Finding#ORDER}
 * @param desired every object the enabled controls want
 * @param drift desired objects that the cluster lacks or holds differently
 * @param orphans objects this baseline made that no control wants any more
 * @param evidence what the enabled controls could or could not verify, in {@link Evidence#ORDER}
 * @param removals objects Rempart does not own that are to be deleted, by object
 * @param exceptions every BaselineException to this baseline, assessed, by name
 * @param heldBack what Rempart would create, restore or remove but does not, because an active
 *     exception covers it
 */
public record EvaluationResult(
    String baselineName,
    Instant evaluatedAt,
    Governance governance,
    List<ControlRun> controls,
    List<Finding> findings,
    List<DesiredObject> desired,
    List<Drift> drift,
    List<Orphan> orphans,
    List<Evidence> evidence,
    List<Removal> removals,
    List<ExceptionAssessment> exceptions,
    List<HeldBack> heldBack) {

  /**
   * One control as it ran.
   *
   * @param name the control
   * @param clauses the clauses it implements
   * @param mode the mode it ran in
   */
  public record ControlRun(String name, String clauses, Mode mode) {}

  /**
   * An object this baseline made that is no longer desired.
   *
   * @param ref the object
   * @param object the object as the snapshot holds it
   * @param enforced true when it is to be removed (its control, or the baseline, is in Enforce)
   */
  public record Orphan(ResourceRef ref, HasMetadata object, boolean enforced) {}

  /** A result with no exception to assess (tests, and the evaluation before exceptions apply). */
  public EvaluationResult(
      String baselineName,
      Instant evaluatedAt,
      Governance governance,
      List<ControlRun> controls,
      List<Finding> findings,
      List<DesiredObject> desired,
      List<Drift> drift,
      List<Orphan> orphans,
      List<Evidence> evidence,
      List<Removal> removals) {
    this(
        baselineName,
        evaluatedAt,
        governance,
        controls,
        findings,
        desired,
        drift,
        orphans,
        evidence,
        removals,
        List.of(),
        List.of());
  }

  /** The drift that is to be repaired (its control runs in Enforce). */
  public List<Drift> driftToRepair() {
    return drift.stream().filter(d -> d.desired().enforced()).toList();
  }

  /** The orphans that are to be removed. */
  public List<Orphan> orphansToRemove() {
    return orphans.stream().filter(Orphan::enforced).toList();
  }

  /**
   * The findings that stay open once the given objects are in place: a finding fixed by an object
   * Rempart applied is remediated, not open; an excepted finding is counted apart.
   */
  public List<Finding> openFindings(Set<ResourceRef> applied) {
    return findings.stream()
        .filter(f -> !f.excepted())
        .filter(f -> f.fixedBy() == null || !applied.contains(f.fixedBy()))
        .toList();
  }

  /**
   * True when Rempart remediates the finding itself in Enforce: the object that fixes it is one the
   * controls want (a NetworkPolicy it creates, labels it sets on a Namespace) or one it removes. In
   * Audit the same object is wanted but not applied; the finding is still the platform's to fix, by
   * switching to Enforce, not a change to the workload's manifests.
   */
  public boolean remediatedByRempart(Finding finding) {
    return remediatedByRempart(finding, fixesByRempart());
  }

  /**
   * The same as {@link #remediatedByRempart(Finding)} against the objects of {@link
   * #fixesByRempart()}, computed once: asking for each finding costs a look-up, not a scan.
   */
  public static boolean remediatedByRempart(Finding finding, Set<ResourceRef> fixesByRempart) {
    return finding.fixedBy() != null && fixesByRempart.contains(finding.fixedBy());
  }

  /** The objects Rempart applies or removes: what a finding fixed by one of them waits for. */
  public Set<ResourceRef> fixesByRempart() {
    Set<ResourceRef> fixes = new HashSet<>();
    desired.forEach(d -> fixes.add(d.ref()));
    removals.forEach(r -> fixes.add(r.ref()));
    return fixes;
  }

  /** The findings an active exception covers: reported, neither open nor compliant. */
  public List<Finding> exceptedFindings() {
    return findings.stream().filter(Finding::excepted).toList();
  }

  /**
   * The earliest expiry, after the evaluation, of an active exception: the result no longer holds
   * from then on, so the operator evaluates again at that instant.
   */
  public Optional<Instant> nextExceptionExpiry() {
    return exceptions.stream()
        .filter(ExceptionAssessment::active)
        .map(ExceptionAssessment::expiresAt)
        .filter(at -> at != null && at.isAfter(evaluatedAt))
        .min(Instant::compareTo);
  }
}
