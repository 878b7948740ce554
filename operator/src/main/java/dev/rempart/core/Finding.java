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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(
    String control,
    String check,
    String clause,
    Severity severity,
    ResourceRef resource,
    String message,
    @JsonIgnore ResourceRef fixedBy) {

  /** Most severe first, then by resource, control and check: a stable order for reports. */
  public static final Comparator<Finding> ORDER =
      Comparator.comparing(Finding::severity)
          .thenComparing(Finding::resource)
          .thenComparing(Finding::control)
          .thenComparing(Finding::check)
          .thenComparing(Finding::message);

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

  /** A one-line summary: {@code high 4.4 network/defaultDeny Namespace team-a}. */
  public String headline() {
    return severity.id() + " " + clause + " " + control + "/" + check + " " + resource.display();
  }
}
