package dev.rempart.cli;

/** A user's mistake on the command line: reported as one line, exit code 2, no stack trace. */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }

  public UsageException(String message, Throwable cause) {
    super(message, cause);
  }
}
