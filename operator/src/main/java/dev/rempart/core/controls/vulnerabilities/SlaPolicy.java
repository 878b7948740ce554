package dev.rempart.core.controls.vulnerabilities;

import dev.rempart.api.trivy.Vulnerability;
import dev.rempart.api.v1alpha1.VulnerabilitiesSpec;
import dev.rempart.api.v1alpha1.VulnerabilitiesSpec.SeveritySource;
import dev.rempart.api.v1alpha1.VulnerabilitySla;
import dev.rempart.core.Severity;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** A baseline's SLA: the severity of a vulnerability and the days allowed to fix it. */
final class SlaPolicy {
  private final SeveritySource source;
  private final Integer[] days = new Integer[Severity.values().length];
  private final Duration dueSoon;

  SlaPolicy(VulnerabilitiesSpec spec) {
    this.source = spec.effectiveSeverityFrom();
    VulnerabilitySla sla = spec.effectiveSla();
    days[Severity.CRITICAL.ordinal()] =
        orDefault(sla.getCriticalDays(), VulnerabilitySla.DEFAULT_CRITICAL_DAYS);
    days[Severity.HIGH.ordinal()] =
        orDefault(sla.getHighDays(), VulnerabilitySla.DEFAULT_HIGH_DAYS);
    days[Severity.MEDIUM.ordinal()] =
        orDefault(sla.getMediumDays(), VulnerabilitySla.DEFAULT_MEDIUM_DAYS);
    days[Severity.LOW.ordinal()] = sla.getLowDays();
    this.dueSoon = Duration.ofDays(spec.effectiveDueSoonDays());
  }

  /** How long before its due date a vulnerability is due soon. */
  Duration dueSoon() {
    return dueSoon;
  }

  /**
   * The severity of a vulnerability: the report's, or from its CVSS score when the baseline says so
   * and there is one. Empty when neither gives one (Trivy's UNKNOWN).
   */
  Optional<Severity> severity(Vulnerability v) {
    if (source == SeveritySource.Score && v.getScore() != null && v.getScore() > 0) {
      return Optional.of(fromScore(v.getScore()));
    }
    if (v.getSeverity() == null) {
      return Optional.empty();
    }
    return switch (v.getSeverity().toUpperCase(Locale.ROOT)) {
      case "CRITICAL" -> Optional.of(Severity.CRITICAL);
      case "HIGH" -> Optional.of(Severity.HIGH);
      case "MEDIUM" -> Optional.of(Severity.MEDIUM);
      case "LOW" -> Optional.of(Severity.LOW);
      default -> Optional.empty();
    };
  }

  /** The days to fix a vulnerability of this severity; empty when it has no deadline. */
  Optional<Duration> allowed(Severity severity) {
    Integer d = days[severity.ordinal()];
    return d == null ? Optional.empty() : Optional.of(Duration.ofDays(d));
  }

  /** CVSS v3 ranges: 9.0 critical, 7.0 high, 4.0 medium, below that low. */
  static Severity fromScore(double score) {
    if (score >= 9.0) {
      return Severity.CRITICAL;
    }
    if (score >= 7.0) {
      return Severity.HIGH;
    }
    return score >= 4.0 ? Severity.MEDIUM : Severity.LOW;
  }

  private static Integer orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }
}
