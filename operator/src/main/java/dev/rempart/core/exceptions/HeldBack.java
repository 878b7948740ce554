package dev.rempart.core.exceptions;

import dev.rempart.core.ResourceRef;

/**
 * An object Rempart would write in Enforce but leaves alone because an active exception covers it.
 *
 * @param ref the object
 * @param control the control that wants it written
 * @param action what Rempart does not do: create, restore or remove
 * @param exception the exception that holds it back
 */
public record HeldBack(ResourceRef ref, String control, String action, String exception) {
  /** {@code create NetworkPolicy team-a/rempart-default-deny (exception legacy-team-a)}. */
  public String headline() {
    return action + " " + ref.display() + " (exception " + exception + ")";
  }
}
