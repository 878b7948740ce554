package dev.rempart.cli.input;

/**
 * Where an object was read: a file as the user named it ({@code -} for standard input) and the line
 * where its document starts.
 */
public record Location(String file, int line) {
  /** {@code file:line}. */
  @Override
  public String toString() {
    return file + ":" + line;
  }

  /** True when the object came from standard input, which has no path to point at. */
  public boolean isStdin() {
    return ManifestSources.STDIN.equals(file);
  }
}
