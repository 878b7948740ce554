package dev.rempart.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.api.v1alpha1.SecurityBaselineStatus;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Governance;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Contested condition: True while another writer keeps undoing a managed object. */
class ContestedStatusTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void contestedIsTrueWithTheOperatorsMessageAndFalseOtherwise() {
    SecurityBaseline baseline = baseline();
    String message =
        "NetworkPolicy team-a/rempart-default-deny was undone 7 times in 30s, last changed by"
            + " field manager 'argocd-controller'.";
    SecurityBaselineStatus fighting =
        StatusCalculator.compute(baseline, result(T0), List.of(), null, message);
    Condition contested = Conditions.find(fighting.getConditions(), Conditions.CONTESTED);
    assertThat(contested.getStatus()).isEqualTo("True");
    assertThat(contested.getReason()).isEqualTo(Conditions.REASON_REPEATED_REVERTS);
    assertThat(contested.getMessage()).isEqualTo(message);
    assertThat(Conditions.find(fighting.getConditions(), Conditions.READY).getStatus())
        .as("a fight is not a failure: Rempart keeps restoring the object")
        .isEqualTo("True");

    baseline.setStatus(fighting);
    SecurityBaselineStatus quiet =
        StatusCalculator.compute(baseline, result(T0.plusSeconds(60)), List.of(), null, null);
    Condition cleared = Conditions.find(quiet.getConditions(), Conditions.CONTESTED);
    assertThat(cleared.getStatus()).isEqualTo("False");
    assertThat(cleared.getReason()).isEqualTo(Conditions.REASON_NO_REPEATED_REVERTS);
    assertThat(cleared.getLastTransitionTime()).isEqualTo(T0.plusSeconds(60).toString());
    assertThat(StatusChange.worthWriting(fighting, quiet, java.time.Duration.ofMinutes(10)))
        .isTrue();
  }

  @Test
  void withoutContestedObjectsTheConditionIsFalse() {
    SecurityBaselineStatus status =
        StatusCalculator.compute(baseline(), result(T0), List.of(), null);
    assertThat(Conditions.find(status.getConditions(), Conditions.CONTESTED).getStatus())
        .isEqualTo("False");
  }

  private static SecurityBaseline baseline() {
    SecurityBaseline baseline = new SecurityBaseline();
    baseline.setMetadata(new ObjectMetaBuilder().withName("prod").withGeneration(1L).build());
    return baseline;
  }

  private static EvaluationResult result(Instant at) {
    return new EvaluationResult(
        "prod",
        at,
        new Governance(List.of(), List.of()),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }
}
