package dev.rempart.api.v1alpha1;

/** Bounds that keep the status small whatever the size of the cluster. */
public final class SummaryLimits {
  /** Named examples kept in a status list. */
  public static final int EXAMPLES = 5;

  private SummaryLimits() {}
}
