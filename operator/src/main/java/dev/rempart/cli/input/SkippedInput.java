package dev.rempart.cli.input;

import dev.rempart.io.NotAManifest;

/**
 * An input that is not a Kubernetes manifest (a kustomization file, a Helm chart, an application's
 * config): skipped, not an error.
 *
 * @param file the file or folder as the user named it ({@code -} for standard input)
 * @param line where the document starts (1-based), or 0 for a whole file or folder
 * @param reason what it is
 * @param message what it is, for a person, without the file and line
 */
public record SkippedInput(String file, int line, NotAManifest.Reason reason, String message) {
  /** {@code file:line: message}, or {@code file: message} without a line. */
  @Override
  public String toString() {
    return file + (line > 0 ? ":" + line : "") + ": " + message;
  }
}
