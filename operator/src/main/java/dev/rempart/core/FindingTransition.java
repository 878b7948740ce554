package dev.rempart.core;

/**
 * A finding that opened, was excepted or was resolved between two evaluations of its partition.
 *
 * @param kind what happened
 * @param finding the finding as it is now (opened, excepted) or as it was (resolved)
 */
public record FindingTransition(Kind kind, Finding finding) {
  /** What happened to the finding. */
  public enum Kind {
    /** It appeared, or an exception stopped covering it. */
    OPENED,
    /** An active exception now covers it (it appeared covered, or an exception was granted). */
    EXCEPTED,
    /** It is gone: the cluster was fixed, or the baseline no longer asks for it. */
    RESOLVED
  }
}
