package dev.rempart.core.policyreports;

import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import java.util.Map;

/**
 * One result of a policy report: a finding (fail), a finding an exception covers (skip), or a
 * control with nothing to report in the report's scope (pass).
 *
 * @param rule {@code control/check}, or the control alone for a pass
 * @param category the clause of the addendum it concerns
 * @param severity how bad it is; null for a pass
 * @param outcome fail, skip or pass
 * @param subject the object at fault; null for a pass, whose subject is the report's scope
 * @param message what is wrong and how to fix it, or what passed
 * @param properties extra facts for readers: control, check, and the exception for a skip
 */
public record ReportEntry(
    String rule,
    String category,
    Severity severity,
    Outcome outcome,
    ResourceRef subject,
    String message,
    Map<String, String> properties) {

  public ReportEntry {
    properties = Map.copyOf(properties);
  }

  /** The result values of the policy-report format. */
  public enum Outcome {
    FAIL,
    SKIP,
    PASS;

    /** {@code fail}, {@code skip} or {@code pass}, as the report format spells them. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
