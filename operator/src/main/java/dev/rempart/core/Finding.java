package dev.rempart.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Comparator;

/**
 * One way the cluster breaks the baseline.
 *
 * @param control the control that found it ({@code network}, ...)
 * @param check the check within the control ({@code defaultDeny}, ...)
 * @param clause the addendum clause it breaks ({@code 4.4})
 * @param severity how bad it is
 * @param resource the object at fault
 * @param message what is wrong and how to fix it, for a person
 * @param fixedBy the object Rempart applies in Enforce that fixes it (or, for a {@link Removal},
 *     the object Rempart deletes), or null when a person must
 * @param exceptedBy the active BaselineException that covers it, or null: an excepted finding is
 *     reported and counted apart, neither open nor compliant
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(
    String control,
    String check,
    String clause,
    Severity severity,
    ResourceRef resource,
    String message,
    @JsonIgnore ResourceRef fixedBy,
    String exceptedBy) {

  /** A finding no exception covers. */
  public Finding(
      String control,
      String check,
      String clause,
      Severity severity,
      ResourceRef resource,
      String message,
      ResourceRef fixedBy) {
    this(control, check, clause, severity, resource, message, fixedBy, null);
  }

  /**
   * Most severe first, then by resource, control, check and message: a stable order for reports.
   * Written out for the same reason as {@link ResourceRef#compareTo}.
   */
  public static final Comparator<Finding> ORDER = Finding::compareInOrder;

  private static int compareInOrder(Finding a, Finding b) {
    int order = a.severity.compareTo(b.severity);
    if (order == 0) {
      order = a.resource.compareTo(b.resource);
    }
    if (order == 0) {
      order = a.control.compareTo(b.control);
    }
    if (order == 0) {
      order = a.check.compareTo(b.check);
    }
    return order == 0 ? a.message.compareTo(b.message) : order;
  }

  /** A finding that only a person can fix. */
  public static Finding of(
      String control,
      String check,
      String clause,
      Severity severity,
      ResourceRef resource,
      String message) {
    return new Finding(control, check, clause, severity, resource, message, null);
  }

  /** The same finding, covered by the named exception. */
  public Finding withExceptedBy(String exception) {
    return new Finding(control, check, clause, severity, resource, message, fixedBy, exception);
  }

  /** True when an active exception covers it. */
  @JsonIgnore
  public boolean excepted() {
    return exceptedBy != null;
  }

  /** A one-line summary: {@code high 4.4 network/defaultDeny Namespace team-a}. */
  public String headline() {
    return severity.id() + " " + clause + " " + control + "/" + check + " " + resource.display();
  }
}
