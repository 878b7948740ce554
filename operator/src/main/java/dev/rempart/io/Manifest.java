package dev.rempart.io;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One object read from a file.
 *
 * @param object the object, typed when fabric8 knows its kind
 * @param source the file it came from ({@code -} for standard input)
 * @param line the line of the file where its document starts (1-based)
 */
public record Manifest(HasMetadata object, String source, int line) {
  /** {@code file:line}, for messages. */
  public String location() {
    return source + ":" + line;
  }
}
