package dev.rempart.core.controls.accesscontrol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnnotationDatesTest {
  @Test
  void aCalendarDateIsTheStartOfThatDayInUtc() {
    assertThat(AnnotationDates.parse("2026-01-15")).contains(Instant.parse("2026-01-15T00:00:00Z"));
    assertThat(AnnotationDates.parse(" 2026-01-15 "))
        .contains(Instant.parse("2026-01-15T00:00:00Z"));
  }

  @Test
  void rfc3339TimestampsKeepTheirOffset() {
    assertThat(AnnotationDates.parse("2026-01-15T10:00:00Z"))
        .contains(Instant.parse("2026-01-15T10:00:00Z"));
    assertThat(AnnotationDates.parse("2026-01-15T11:30:00+01:00"))
        .contains(Instant.parse("2026-01-15T10:30:00Z"));
    assertThat(AnnotationDates.parse("2026-01-15T10:00:00.250-05:00"))
        .contains(Instant.parse("2026-01-15T15:00:00.250Z"));
  }

  @Test
  void rfc3339AllowsASpaceOrLowerCaseLetters() {
    assertThat(AnnotationDates.parse("2026-01-15 10:00:00z"))
        .contains(Instant.parse("2026-01-15T10:00:00Z"));
    assertThat(AnnotationDates.parse("2026-01-15t10:00:00Z"))
        .contains(Instant.parse("2026-01-15T10:00:00Z"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "last week",
        "15/01/2026",
        "2026-1-15",
        "2026-02-30",
        "2026-13-01",
        "2026-01-15T10:00:00",
        "2026-01-15T25:00:00Z",
        "2026-01-15T10:00Z",
        "20260115"
      })
  void anythingElseIsMalformed(String text) {
    assertThat(AnnotationDates.parse(text)).isEmpty();
  }

  @Test
  void noAnnotationIsNoDate() {
    assertThat(AnnotationDates.parse(null)).isEmpty();
  }

  @Test
  void printsTheDayInUtc() {
    assertThat(AnnotationDates.day(Instant.parse("2026-03-01T23:30:00Z"))).isEqualTo("2026-03-01");
  }
}
