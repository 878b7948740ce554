package dev.rempart.cli.audit;

import dev.rempart.core.Severity;
import java.util.Locale;
import java.util.Optional;

/** The severity from which {@code rempart audit} fails (exit code 1); {@code none} never fails. */
public enum FailOn {
  CRITICAL(Severity.CRITICAL),
  HIGH(Severity.HIGH),
  MEDIUM(Severity.MEDIUM),
  LOW(Severity.LOW),
  NONE(null);

  private final Severity threshold;

  FailOn(Severity threshold) {
    this.threshold = threshold;
  }

  /** The lowest severity that fails, or empty for {@code none}. */
  public Optional<Severity> threshold() {
    return Optional.ofNullable(threshold);
  }

  /** True when a finding of this severity fails the audit. */
  public boolean fails(Severity severity) {
    return threshold != null && severity.atLeast(threshold);
  }

  /** {@code high}, as typed on the command line. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
