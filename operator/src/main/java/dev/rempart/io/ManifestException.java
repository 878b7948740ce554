package dev.rempart.io;

/**
 * A manifest that cannot be read; the message names the file and line, for a person. The parts are
 * kept apart too, so that a report can list the problem with its file and line.
 */
public final class ManifestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final String problem;

  public ManifestException(String message) {
    this(message, (Throwable) null);
  }

  public ManifestException(String message, Throwable cause) {
    super(message, cause);
    this.source = null;
    this.line = 0;
    this.problem = message;
  }

  /**
   * {@code source:line: problem}.
   *
   * @param line 1-based, or 0 when the problem has no line (the whole file)
   */
  public ManifestException(String source, int line, String problem, Throwable cause) {
    super(source + (line > 0 ? ":" + line : "") + ": " + problem, cause);
    this.source = source;
    this.line = line;
    this.problem = problem;
  }

  /** The file, as the user named it; null when the message alone was given. */
  public String source() {
    return source;
  }

  /** The line (1-based), or 0 when unknown. */
  public int line() {
    return line;
  }

  /** What is wrong, without the file and line. */
  public String problem() {
    return problem;
  }
}
