package dev.rempart.recorder;

import java.io.IOException;

/** A sink that must not be used as configured; the message says what to change. */
public final class SinkRefusedException extends IOException {
  public SinkRefusedException(String message) {
    super(message);
  }
}
