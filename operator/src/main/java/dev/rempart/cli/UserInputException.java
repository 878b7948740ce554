package dev.rempart.cli;

/**
 * A mistake in what the user gave the command line (a missing file, a bad baseline): reported as
 * one line, without a stack trace, with exit code {@link ExitCodes#USAGE}.
 */
public final class UserInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
