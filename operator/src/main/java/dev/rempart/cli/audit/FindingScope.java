package dev.rempart.cli.audit;

import java.util.Locale;

/**
 * Which findings count toward {@code --fail-on}: {@code app} (the default) those a change to the
 * manifests fixes, {@code platform} those Rempart remediates in the cluster in Enforce, {@code all}
 * both. Every finding is reported whatever the scope; the scope only decides the exit code.
 */
public enum FindingScope {
  APP,
  PLATFORM,
  ALL;

  /** True when a finding of this owner can fail the audit. */
  public boolean counts(Owner owner) {
    return switch (this) {
      case APP -> owner == Owner.APP;
      case PLATFORM -> owner == Owner.PLATFORM;
      case ALL -> true;
    };
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
