package dev.rempart.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.api.v1alpha1.SecurityBaselineStatus;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Governance;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A condition the operator adds (Reported) follows the same transition-time rule as the rest. */
class AddedConditionTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant T1 = T0.plusSeconds(60);

  @Test
  void anAddedConditionKeepsItsTransitionTimeWhileItsStatusStays() {
    SecurityBaseline baseline = baseline();
    SecurityBaselineStatus first = StatusCalculator.compute(baseline, result(T0), List.of(), null);
    StatusCalculator.addCondition(
        baseline, first, Conditions.of("Reported", true, "ReportsWritten", "m", 1, T0));
    baseline.setStatus(first);

    SecurityBaselineStatus same = StatusCalculator.compute(baseline, result(T1), List.of(), null);
    StatusCalculator.addCondition(
        baseline, same, Conditions.of("Reported", true, "ReportsWritten", "m", 1, T1));
    SecurityBaselineStatus changed =
        StatusCalculator.compute(baseline, result(T1), List.of(), null);
    StatusCalculator.addCondition(
        baseline, changed, Conditions.of("Reported", false, "ReportCRDMissing", "m", 1, T1));

    assertThat(Conditions.find(same.getConditions(), "Reported").getLastTransitionTime())
        .isEqualTo(T0.toString());
    assertThat(Conditions.find(changed.getConditions(), "Reported").getLastTransitionTime())
        .isEqualTo(T1.toString());
  }

  @Test
  void aNullConditionAddsNothing() {
    SecurityBaseline baseline = baseline();
    SecurityBaselineStatus status = StatusCalculator.compute(baseline, result(T0), List.of(), null);
    int before = status.getConditions().size();

    StatusCalculator.addCondition(baseline, status, null);

    assertThat(status.getConditions()).hasSize(before);
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
