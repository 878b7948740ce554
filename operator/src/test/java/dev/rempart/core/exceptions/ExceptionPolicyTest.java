package dev.rempart.core.exceptions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.ExceptionPhase;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Evaluator;
import dev.rempart.core.Finding;
import dev.rempart.core.Snapshot;
import dev.rempart.core.status.Conditions;
import dev.rempart.core.status.ExceptionConditions;
import dev.rempart.core.status.StatusCalculator;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The edges of the one decision point: expiry to the instant, maxDays, scopes, status. */
class ExceptionPolicyTest {
  static final Instant EXPIRY = Instant.parse("2026-02-01T00:00:00Z");

  static final SecurityBaseline BASELINE =
      (SecurityBaseline)
          ManifestReader.parse(
                  """
                  apiVersion: rempart.dev/v1alpha1
                  kind: SecurityBaseline
                  metadata: {name: b, uid: u1, generation: 3}
                  spec:
                    mode: Enforce
                    namespaceSelector: {}
                    network: {}
                  """)
              .get(0);

  static BaselineException exception(String name, String extra, String expiresAt) {
    return (BaselineException)
        ManifestReader.parse(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: BaselineException
                metadata: {name: %s, creationTimestamp: "2026-01-20T00:00:00Z", generation: 2}
                spec:
                  baseline: b
                  %s
                  reason: r
                  ticket: t
                  approvedBy: a
                  expiresAt: "%s"
                  %s
                """
                    .formatted(
                        name,
                        // The extra text may name the controls itself: a key twice is malformed.
                        extra.contains("controls:") ? "" : "controls: [{control: network}]",
                        expiresAt,
                        extra))
            .get(0);
  }

  static EvaluationResult evaluate(Instant now, HasMetadata... objects) {
    List<HasMetadata> all = new ArrayList<>(List.of(objects));
    all.addAll(
        ManifestReader.parse(
            """
            apiVersion: v1
            kind: Namespace
            metadata: {name: legacy, labels: {zone: old}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: fresh}
            """));
    return Evaluator.standard()
        .evaluate(
            BASELINE, Snapshot.builder().addAll(all).build(), Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void anExceptionAppliesUntilTheInstantBeforeItsExpiryAndNotAtIt() {
    BaselineException e = exception("x", "namespaces: [legacy]", EXPIRY.toString());
    assertThat(ExceptionPolicy.assess(e, BASELINE, EXPIRY.minusMillis(1)).phase())
        .isEqualTo(ExceptionPhase.Active);
    assertThat(ExceptionPolicy.assess(e, BASELINE, EXPIRY).phase())
        .isEqualTo(ExceptionPhase.Expired);

    EvaluationResult before = evaluate(EXPIRY.minusMillis(1), e);
    assertThat(before.exceptedFindings()).extracting(Finding::exceptedBy).containsOnly("x");
    assertThat(before.heldBack()).hasSize(2);
    assertThat(before.driftToRepair()).allMatch(d -> d.desired().ref().namespace().equals("fresh"));
    assertThat(before.nextExceptionExpiry()).contains(EXPIRY);

    EvaluationResult at = evaluate(EXPIRY, e);
    assertThat(at.exceptedFindings()).isEmpty();
    assertThat(at.heldBack()).isEmpty();
    assertThat(at.driftToRepair()).hasSize(4);
    assertThat(at.nextExceptionExpiry()).isEmpty();
  }

  @Test
  void maxDaysCountsFromCreationToTheDay() {
    // Created 2026-01-20; 90 days later is 2026-04-20T00:00Z.
    Instant now = Instant.parse("2026-01-21T00:00:00Z");
    assertThat(
            ExceptionPolicy.assess(exception("ok", "", "2026-04-20T00:00:00Z"), BASELINE, now)
                .phase())
        .isEqualTo(ExceptionPhase.Active);
    ExceptionAssessment tooLong =
        ExceptionPolicy.assess(exception("long", "", "2026-04-20T00:00:01Z"), BASELINE, now);
    assertThat(tooLong.phase()).isEqualTo(ExceptionPhase.Invalid);
    assertThat(tooLong.reason()).isEqualTo("TooLong");
    assertThat(tooLong.message()).contains("spec.exceptions.maxDays", "91 days");
  }

  @Test
  void anExceptionWithoutItsBaselineOrWithAnUnreadableExpiryIsInvalid() {
    Instant now = Instant.parse("2026-01-21T00:00:00Z");
    assertThat(ExceptionPolicy.assess(exception("x", "", EXPIRY.toString()), null, now).reason())
        .isEqualTo("BaselineNotFound");
    assertThat(ExceptionPolicy.assess(exception("x", "", "next tuesday"), BASELINE, now).reason())
        .isEqualTo("MalformedSpec");
    assertThat(ExceptionPolicy.parse("2026-02-01t00:00:00+02:00"))
        .isEqualTo(Instant.parse("2026-01-31T22:00:00Z"));
  }

  @Test
  void aSelectorCoversTheNamespacesItMatchesOnly() {
    BaselineException e =
        exception("sel", "namespaceSelector: {matchLabels: {zone: old}}", EXPIRY.toString());
    EvaluationResult r = evaluate(Instant.parse("2026-01-21T00:00:00Z"), e);
    assertThat(r.exceptedFindings()).extracting(f -> f.resource().name()).containsExactly("legacy");
    assertThat(r.openFindings(Set.of()))
        .extracting(f -> f.resource().name())
        .containsExactly("fresh");
  }

  @Test
  void anExceptionListingOtherChecksOrOtherObjectsHoldsNothingBack() {
    BaselineException checks =
        exception(
            "checks",
            "namespaces: [legacy]\n  controls: [{control: network, checks: [allowAllPolicy]}]",
            EXPIRY.toString());
    BaselineException objects =
        exception("objects", "resources: [{kind: Deployment, name: legacy-*}]", EXPIRY.toString());
    EvaluationResult r = evaluate(Instant.parse("2026-01-21T00:00:00Z"), checks, objects);
    assertThat(r.exceptedFindings()).isEmpty();
    assertThat(r.heldBack()).isEmpty();
    assertThat(r.exceptions()).extracting(ExceptionAssessment::active).containsOnly(true);
  }

  @Test
  void statusCountsExceptedFindingsApartAndNeverAsCompliant() {
    BaselineException e = exception("x", "namespaces: [legacy]", EXPIRY.toString());
    EvaluationResult r = evaluate(Instant.parse("2026-01-21T00:00:00Z"), e);
    var status = StatusCalculator.compute(BASELINE, r, r.openFindings(Set.of()), null);
    assertThat(status.getSummary().getExcepted()).isEqualTo(1);
    assertThat(status.getSummary().getHeldBack()).isEqualTo(2);
    assertThat(status.getSummary().getFindings().getTotal()).isEqualTo(1);
    assertThat(status.getSummary().getCompliantNamespaces()).isZero();
    assertThat(status.getSummary().getRemediated()).isZero();
    assertThat(status.getControls())
        .singleElement()
        .satisfies(c -> assertThat(c.getExcepted()).isEqualTo(1));
    var excepted = Conditions.find(status.getConditions(), Conditions.EXCEPTED);
    assertThat(excepted.getStatus()).isEqualTo("True");
    assertThat(excepted.getMessage())
        .contains("1 findings excepted", "create NetworkPolicy legacy/rempart-default-deny");

    // All findings excepted: still not Compliant.
    BaselineException everywhere = exception("all", "", EXPIRY.toString());
    EvaluationResult all = evaluate(Instant.parse("2026-01-21T00:00:00Z"), everywhere);
    var allStatus = StatusCalculator.compute(BASELINE, all, all.openFindings(Set.of()), null);
    var compliant = Conditions.find(allStatus.getConditions(), Conditions.COMPLIANT);
    assertThat(compliant.getStatus()).isEqualTo("False");
    assertThat(compliant.getReason()).isEqualTo(Conditions.REASON_FINDINGS_EXCEPTED);
  }

  @Test
  void theExceptionsOwnStatusSaysWhyAndKeepsItsTransitionTime() {
    BaselineException e = exception("x", "", EXPIRY.toString());
    Instant t1 = Instant.parse("2026-01-21T00:00:00Z");
    var active = ExceptionConditions.status(e, ExceptionPolicy.assess(e, BASELINE, t1), t1);
    assertThat(active.getPhase()).isEqualTo(ExceptionPhase.Active);
    assertThat(active.getObservedGeneration()).isEqualTo(2);
    assertThat(active.getConditions().get(0).getStatus()).isEqualTo("True");
    e.setStatus(active);
    Instant t2 = t1.plusSeconds(60);
    var again = ExceptionConditions.status(e, ExceptionPolicy.assess(e, BASELINE, t2), t2);
    assertThat(again).isEqualTo(active);
    var expired =
        ExceptionConditions.status(e, ExceptionPolicy.assess(e, BASELINE, EXPIRY), EXPIRY);
    assertThat(expired.getPhase()).isEqualTo(ExceptionPhase.Expired);
    assertThat(expired.getConditions().get(0).getStatus()).isEqualTo("False");
    assertThat(expired.getConditions().get(0).getReason()).isEqualTo("Expired");
    assertThat(expired.getConditions().get(0).getLastTransitionTime()).isEqualTo(EXPIRY.toString());
  }
}
