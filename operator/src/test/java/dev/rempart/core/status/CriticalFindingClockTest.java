package dev.rempart.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.OldestCriticalFinding;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriticalFindingClockTest {
  private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

  @Test
  void aCriticalFindingKeepsItsFirstSeenTimeWhileOpenAndAcrossAResume() {
    CriticalFindingClock clock =
        CriticalFindingClock.resumedFrom(null).advance(List.of(critical("web", "one")), T0);
    OldestCriticalFinding recorded = clock.oldest();

    // Another process resumes from the status; the message changed, the finding did not.
    CriticalFindingClock next =
        CriticalFindingClock.resumedFrom(recorded)
            .advance(List.of(critical("web", "two")), T0.plus(Duration.ofHours(1)));

    assertThat(next.oldest().getSince()).isEqualTo(T0.toString());
    assertThat(next.oldest().getName()).isEqualTo("web");
  }

  @Test
  void aResolvedFindingForgetsItsClockAndOnlyCriticalOnesCount() {
    CriticalFindingClock clock =
        CriticalFindingClock.resumedFrom(null).advance(List.of(critical("web", "x")), T0);
    Instant later = T0.plus(Duration.ofMinutes(5));

    CriticalFindingClock next =
        clock.advance(
            List.of(
                critical("db", "x"),
                Finding.of(
                    "podSecurity",
                    "hostPorts",
                    "4.5",
                    Severity.MEDIUM,
                    new ResourceRef("v1", "Pod", "shop", "old"),
                    "m")),
            later);

    assertThat(next.oldest().getName()).isEqualTo("db");
    assertThat(next.oldest().getSince()).isEqualTo(later.toString());
    assertThat(next.advance(List.of(), later).oldest()).isNull();
  }

  @Test
  void aHandEditedSinceStartsAgainRatherThanFailing() {
    OldestCriticalFinding edited = new OldestCriticalFinding();
    edited.setSince("yesterday");

    assertThat(CriticalFindingClock.resumedFrom(edited).oldest()).isNull();
  }

  private static Finding critical(String pod, String message) {
    return Finding.of(
        "podSecurity",
        "privileged",
        "4.5",
        Severity.CRITICAL,
        new ResourceRef("v1", "Pod", "shop", pod),
        message);
  }
}
