package dev.rempart.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels for the command line. */
public final class Logging {
  private Logging() {}

  /**
   * Only warnings and errors: a command whose output is a report (JSON, SARIF) must not mix the
   * libraries' informational logging into it, and a person does not need it.
   */
  public static void quiet() {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.WARN);
    }
    // fabric8 warns on every use of a v1alpha1 type; Rempart's own API is one, knowingly.
    if (LoggerFactory.getLogger("io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils")
        instanceof Logger versions) {
      versions.setLevel(Level.ERROR);
    }
  }
}
