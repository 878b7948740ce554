package dev.rempart.core.exceptions;

import dev.rempart.api.v1alpha1.ExceptionPhase;
import java.time.Instant;

/**
 * Whether one BaselineException is honoured, and why.
 *
 * @param name the exception
 * @param phase Active, Invalid or Expired
 * @param reason a CamelCase reason for conditions and Events ({@code TooLong})
 * @param message for a person: what is wrong and how to fix it, or what it covers until when
 * @param expiresAt its expiry, or null when it cannot be read
 */
public record ExceptionAssessment(
    String name, ExceptionPhase phase, String reason, String message, Instant expiresAt) {

  public boolean active() {
    return phase == ExceptionPhase.Active;
  }
}
