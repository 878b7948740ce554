package dev.rempart.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels for the command line. */
public final class Logging {
  private Logging() {}

  /**
   * No logging at all for {@code rempart audit}: it reads files and talks to nothing, so the
   * libraries have nothing to say that its report does not, and configuring logback (its XML, a
   * parser for it, some 500 classes) was a quarter of the audit's start. Must run before anything
   * asks SLF4J for a logger.
   */
  public static void offFor(String[] args) {
    if (args.length > 0 && "audit".equals(args[0])) {
      System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
      // SLF4J would otherwise say on stderr which provider it was told to use.
      System.setProperty("slf4j.internal.verbosity", "WARN");
    }
  }

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
