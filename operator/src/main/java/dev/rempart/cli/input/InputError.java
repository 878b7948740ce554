package dev.rempart.cli.input;

/**
 * An input that could not be read or parsed: a file, or one document of it. The other files and
 * documents are still audited; the audit then exits with 2.
 *
 * @param file the file as the user named it ({@code -} for standard input)
 * @param line the line (1-based), or 0 when the problem is the whole file
 * @param message what is wrong, for a person, without the file and line
 */
public record InputError(String file, int line, String message) {
  /** {@code file:line: message}, or {@code file: message} without a line. */
  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + ": " + message;
  }
}
