package dev.rempart.core.controls.datadeletion;

import dev.rempart.api.v1alpha1.DataDeletionSpec;
import dev.rempart.core.controls.accesscontrol.AnnotationDates;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A namespace's offboarding mark, as written on it: the annotation named by {@code offboardedKey},
 * or a label of that name when there is no such annotation (a date {@code 2026-01-31} is a valid
 * label value; a timestamp is not).
 *
 * @param text the mark's value as written
 * @param offboardedAt the instant it names, or null when it is not a date
 * @param dueAt the offboarding plus the recovery period, or null when the date is unreadable
 */
record Offboarding(String key, String text, Instant offboardedAt, Instant dueAt) {

  /** The namespace's mark, or empty when it carries none. */
  static Optional<Offboarding> of(Namespace namespace, DataDeletionSpec spec) {
    String key = spec.effectiveOffboardedKey();
    String text = value(namespace.getMetadata().getAnnotations(), key);
    if (text == null) {
      text = value(namespace.getMetadata().getLabels(), key);
    }
    if (text == null) {
      return Optional.empty();
    }
    Optional<Instant> at = AnnotationDates.parse(text);
    return Optional.of(
        new Offboarding(
            key,
            text,
            at.orElse(null),
            at.map(i -> i.plus(Duration.ofDays(spec.effectiveRecoveryPeriodDays()))).orElse(null)));
  }

  boolean readable() {
    return offboardedAt != null;
  }

  boolean isDue(Instant now) {
    return readable() && !now.isBefore(dueAt);
  }

  private static String value(Map<String, String> map, String key) {
    return map == null ? null : map.get(key);
  }
}
