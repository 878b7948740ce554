package dev.rempart.core.controls.accesscontrol;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The dates people write in the {@code rempart.dev/reviewed-at} and {@code rempart.dev/expires-at}
 * annotations: a calendar date {@code 2026-01-15}, taken as the start of that day in UTC, or an RFC
 * 3339 timestamp {@code 2026-01-15T10:00:00Z} / {@code 2026-01-15T11:00:00+01:00} (a space or a
 * lower-case {@code t} in place of {@code T} is accepted, as RFC 3339 allows). Anything else is
 * malformed: the caller reports it rather than guessing.
 */
public final class AnnotationDates {
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}[Tt ]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE;

  private AnnotationDates() {}

  /** The instant the text names, or empty when it is not a date in one of the two forms. */
  public static Optional<Instant> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim();
    try {
      if (DATE.matcher(t).matches()) {
        return Optional.of(LocalDate.parse(t, DAY).atStartOfDay(ZoneOffset.UTC).toInstant());
      }
      if (TIMESTAMP.matcher(t).matches()) {
        String iso = t.replace(' ', 'T').replace('t', 'T').toUpperCase(Locale.ROOT);
        return Optional.of(OffsetDateTime.parse(iso).toInstant());
      }
    } catch (DateTimeParseException e) {
      return Optional.empty(); // the right shape, but no such day (2026-02-30) or hour
    }
    return Optional.empty();
  }

  /** {@code 2026-01-15}, the day in UTC, for messages. */
  public static String day(Instant instant) {
    return DAY.format(instant.atOffset(ZoneOffset.UTC));
  }

  /** The start of the next day, in the zone {@link #day} names days in. */
  static Instant nextDay(Instant instant) {
    return instant
        .atZone(ZoneOffset.UTC)
        .toLocalDate()
        .plusDays(1)
        .atStartOfDay(ZoneOffset.UTC)
        .toInstant();
  }
}
