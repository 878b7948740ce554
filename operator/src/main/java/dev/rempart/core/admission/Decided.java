package dev.rempart.core.admission;

/** Where a check of the baseline is decided. */
public enum Decided {
  /** By the API server alone (in-process admission), before the write is stored. */
  ADMISSION,
  /** By Rempart alone, after the fact: the check needs objects admission cannot see. */
  OPERATOR,
  /** By both: admission refuses what it can see, Rempart reports (and repairs) what got in. */
  BOTH;

  /** As the documentation writes it. */
  public String display() {
    return switch (this) {
      case ADMISSION -> "admission";
      case OPERATOR -> "operator";
      case BOTH -> "both";
    };
  }
}
