package dev.rempart.record;

/** A line that claims to be a record entry (or a batch header) but is not a valid one. */
public final class MalformedLineException extends Exception {
  public MalformedLineException(String message) {
    super(message);
  }
}
