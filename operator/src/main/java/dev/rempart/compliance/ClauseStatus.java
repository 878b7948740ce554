package dev.rempart.compliance;

/** Where a clause stands, as a report says it. */
public enum ClauseStatus {
  /** Its controls ran, examined objects and found nothing wrong. */
  COMPLIANT("compliant"),
  /** Its controls found at least one finding. */
  NON_COMPLIANT("non-compliant"),
  /** The evidence is not visible to Rempart: never reported as passed. */
  NOT_VERIFIABLE("not verifiable"),
  /** Its controls ran but there was nothing for the clause to apply to. */
  NOT_APPLICABLE("not applicable"),
  /** Outside what software in a cluster can enforce or evidence. */
  OUT_OF_SCOPE("out of scope");

  private final String label;

  ClauseStatus(String label) {
    this.label = label;
  }

  /** {@code non-compliant}, as printed. */
  public String label() {
    return label;
  }

  /** {@code non-compliant} as a CSS class or identifier. */
  public String id() {
    return label.replace(' ', '-');
  }

  /**
   * The status of a clause evidenced by several controls: the least favourable one, so that a
   * clause is compliant only when every control says so.
   */
  public static ClauseStatus combine(ClauseStatus a, ClauseStatus b) {
    return rank(a) >= rank(b) ? a : b;
  }

  private static int rank(ClauseStatus s) {
    return switch (s) {
      case NON_COMPLIANT -> 4;
      case NOT_VERIFIABLE -> 3;
      case COMPLIANT -> 2;
      case NOT_APPLICABLE -> 1;
      case OUT_OF_SCOPE -> 0;
    };
  }
}
