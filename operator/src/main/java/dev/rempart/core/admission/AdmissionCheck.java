package dev.rempart.core.admission;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * One row of the decision table: a check of the baseline, where it is decided, and, when admission
 * takes part, how it is compiled to CEL.
 *
 * @param control the control, as findings and exceptions name it ({@code network})
 * @param check the check, as findings and exceptions name it ({@code allowAllPolicy})
 * @param clause the addendum clause
 * @param decided where it is decided
 * @param why what admission decides of it, and why not more (for the documentation)
 * @param rules the CEL compilation, one rule per group of kinds with the same schema (a check on
 *     pod specs reads them at a different path in a Pod, a Deployment and a CronJob); empty when
 *     only the operator decides
 */
public record AdmissionCheck(
    String control, String check, String clause, Decided decided, String why, List<CelRule> rules) {

  /** The check's id, as the policy's messages and the documentation write it. */
  public String id() {
    return control + "/" + check;
  }

  /**
   * How a check is compiled.
   *
   * @param targets the resources the check reads
   * @param operations the operations it checks
   * @param passes the CEL expression true when the request passes, or empty when the baseline does
   *     not ask for the check (its section or option is off, or nothing is known to refuse)
   * @param message what the refusal says, after the check's id; the policy adds the baseline and
   *     the exception route
   */
  public record CelRule(
      List<Target> targets,
      List<String> operations,
      Function<PolicyInputs, Optional<String>> passes,
      String message) {}

  /**
   * A resource of the API, as a VAP resource rule names it and as {@code request.kind} says it.
   *
   * @param policy the suffix of the policy that holds the checks on this resource; resources with
   *     the same schema share one (the API server type-checks every validation of a policy against
   *     every kind it matches, so kinds of different schemas need policies of their own)
   */
  public record Target(String group, String version, String resource, String kind, String policy) {}
}
