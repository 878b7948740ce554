package dev.rempart.core.controls.accesscontrol;

import dev.rempart.api.v1alpha1.AccessControlSpec;
import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.core.ControlResult;
import dev.rempart.core.Finding;
import dev.rempart.core.Removal;
import dev.rempart.core.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Clauses 5.4 (access reviewed at least every {@code reviewIntervalDays}) and 9.2 (time-bound
 * access), per binding:
 *
 * <ul>
 *   <li>{@code accessExpired} (9.2, high): {@value #EXPIRES_AT} has passed. In Enforce with {@code
 *       removeExpiredBindings}, Rempart asks for the binding's {@link Removal}; otherwise a person
 *       must delete it. A date without a time expires at the start of that day (UTC): access ends
 *       no later than the date written.
 *   <li>{@code accessExpiryMalformed} (9.2, high): {@value #EXPIRES_AT} is not a date, so the
 *       access it was meant to bound would never expire.
 *   <li>{@code accessReview} (5.4, medium): a binding that is not the system's own has no {@value
 *       #REVIEWED_AT}, an unreadable one, one in the future, or one older than the interval. The
 *       message gives the due date: the last review plus the interval, or, with no usable review,
 *       the binding's creation plus the interval (now, when its creation time is unknown). An
 *       expired binding is not asked for a review: it is to go.
 * </ul>
 */
final class AccessReviews {
  static final String REVIEWED_AT = "rempart.dev/reviewed-at";
  static final String EXPIRES_AT = "rempart.dev/expires-at";
  static final String CHECK_REVIEW = "accessReview";
  static final String CHECK_EXPIRED = "accessExpired";
  static final String CHECK_EXPIRY_MALFORMED = "accessExpiryMalformed";

  private AccessReviews() {}

  static void check(
      Binding binding, AccessControlSpec spec, Mode mode, Instant now, ControlResult.Builder out) {
    if (checkExpiry(binding, spec, mode, now, out)) {
      return;
    }
    if (!SystemIdentities.isSystemBinding(binding)) {
      checkReview(binding, spec.effectiveReviewIntervalDays(), now, out);
    }
  }

  /** Reports an expired or malformed expiry; true when the binding has expired. */
  private static boolean checkExpiry(
      Binding binding, AccessControlSpec spec, Mode mode, Instant now, ControlResult.Builder out) {
    String text = binding.annotation(EXPIRES_AT);
    if (text == null) {
      return false;
    }
    Optional<Instant> expiry = AnnotationDates.parse(text);
    if (expiry.isEmpty()) {
      out.finding(
          Finding.of(
              AccessControlControl.NAME,
              CHECK_EXPIRY_MALFORMED,
              AccessControlControl.CLAUSE_DURATION,
              Severity.HIGH,
              binding.ref(),
              binding.display()
                  + " has "
                  + EXPIRES_AT
                  + ": \""
                  + text
                  + "\", which is not a date (YYYY-MM-DD or RFC 3339), so the access it grants"
                  + " never expires. Write the intended end of access, e.g. kubectl annotate "
                  + binding.kubectlName()
                  + " "
                  + EXPIRES_AT
                  + "=2026-03-31 --overwrite."));
      return false;
    }
    if (now.isBefore(expiry.get())) {
      out.revisitAt(expiry.get());
      return false;
    }
    boolean remove = mode == Mode.Enforce && spec.effectiveRemoveExpiredBindings();
    String what =
        binding.display()
            + " expired on "
            + expiry.get()
            + " ("
            + EXPIRES_AT
            + ": "
            + text.trim()
            + ") but still grants "
            + binding.role()
            + " "
            + binding.scope()
            + " to "
            + PrivilegeChecks.subjects(binding.subjects());
    if (remove) {
      out.removal(
          Removal.of(
              AccessControlControl.NAME,
              AccessControlControl.CLAUSE_DURATION,
              binding.object(),
              "access expired on " + expiry.get() + " (" + EXPIRES_AT + ")"));
    }
    out.finding(
        new Finding(
            AccessControlControl.NAME,
            CHECK_EXPIRED,
            AccessControlControl.CLAUSE_DURATION,
            Severity.HIGH,
            binding.ref(),
            what
                + (remove
                    ? ". Rempart deletes it (removeExpiredBindings), after a dry run, and records"
                        + " it as it was."
                    : ". Delete it (kubectl delete "
                        + binding.kubectlName()
                        + "), or extend "
                        + EXPIRES_AT
                        + " if the access is still approved; with removeExpiredBindings: true in"
                        + " Enforce, Rempart removes expired bindings itself."),
            remove ? binding.ref() : null));
    return true;
  }

  private static void checkReview(
      Binding binding, int intervalDays, Instant now, ControlResult.Builder out) {
    Duration interval = Duration.ofDays(intervalDays);
    String text = binding.annotation(REVIEWED_AT);
    Optional<Instant> reviewed = AnnotationDates.parse(text);
    String problem;
    String due;
    if (reviewed.isPresent() && !reviewed.get().isAfter(now)) {
      Instant dueAt = reviewed.get().plus(interval);
      if (!now.isAfter(dueAt)) {
        out.revisitAt(justAfter(dueAt));
        return;
      }
      problem =
          "was last reviewed on "
              + AnnotationDates.day(reviewed.get())
              + ", more than "
              + intervalDays
              + " days ago";
      due = "the review was due on " + AnnotationDates.day(dueAt);
    } else {
      if (text == null) {
        problem = "has no " + REVIEWED_AT + " annotation, so no review of it is on record";
      } else if (reviewed.isEmpty()) {
        problem =
            "has "
                + REVIEWED_AT
                + ": \""
                + text
                + "\", which is not a date (YYYY-MM-DD or RFC 3339)";
      } else {
        problem =
            "has "
                + REVIEWED_AT
                + ": \""
                + text.trim()
                + "\", a date in the future, which cannot record a review";
      }
      if (reviewed.isPresent()) {
        // A review dated in the future starts to count when that time comes.
        out.revisitAt(reviewed.get());
      }
      due = dueWithoutReview(binding, interval, now);
      firstReviewDue(binding, interval)
          .filter(now::isBefore)
          .ifPresent(at -> out.revisitAt(justAfter(at)));
    }
    // The fix names today's date.
    out.revisitAt(AnnotationDates.nextDay(now));
    out.finding(
        Finding.of(
            AccessControlControl.NAME,
            CHECK_REVIEW,
            AccessControlControl.CLAUSE_REVIEW,
            Severity.MEDIUM,
            binding.ref(),
            binding.display()
                + " (granting "
                + binding.role()
                + " "
                + binding.scope()
                + ") "
                + problem
                + "; "
                + due
                + ". Review who holds it and why, then record the review: kubectl annotate "
                + binding.kubectlName()
                + " "
                + REVIEWED_AT
                + "="
                + AnnotationDates.day(now)
                + " --overwrite."));
  }

  private static Optional<Instant> firstReviewDue(Binding binding, Duration interval) {
    String created = binding.object().getMetadata().getCreationTimestamp();
    return AnnotationDates.parse(created).map(since -> since.plus(interval));
  }

  /** The first instant at which {@code now.isAfter(at)} holds, to the millisecond. */
  private static Instant justAfter(Instant at) {
    return at.plusMillis(1);
  }

  private static String dueWithoutReview(Binding binding, Duration interval, Instant now) {
    Optional<Instant> due = firstReviewDue(binding, interval);
    if (due.isEmpty()) {
      return "its first review is due now (its creation time is unknown)";
    }
    Instant dueAt = due.get();
    return now.isAfter(dueAt)
        ? "its first review was due on " + AnnotationDates.day(dueAt)
        : "its first review is due by " + AnnotationDates.day(dueAt);
  }
}
