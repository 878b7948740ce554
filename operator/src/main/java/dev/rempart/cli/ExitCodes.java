package dev.rempart.cli;

/** The exit codes of every subcommand, as documented in {@code docs/cli.md}. */
public final class ExitCodes {
  /** Success; for {@code audit}, no finding at or above the threshold. */
  public static final int OK = 0;

  /** {@code audit} found a finding at or above {@code --fail-on}. */
  public static final int FINDINGS = 1;

  /** Bad usage or bad input: an unknown option, an unreadable or malformed file. */
  public static final int USAGE = 2;

  /** A bug in Rempart. */
  public static final int INTERNAL_ERROR = 3;

  private ExitCodes() {}
}
