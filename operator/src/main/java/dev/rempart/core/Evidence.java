package dev.rempart.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Comparator;
import java.util.Locale;

/**
 * What a control could (or could not) see about one check, for the record a report lists per
 * clause.
 *
 * <p>A {@link Finding} says what is wrong and how to fix it. Evidence answers a different question:
 * on what grounds does Rempart say a clause holds? Some checks cannot be answered through the
 * Kubernetes API at all (Secrets encryption at rest on a managed control plane, the TLS versions of
 * a cloud load balancer). Such a check is reported as {@link Status#NOT_VERIFIABLE} with the
 * reason, never as passed and never silently dropped. Controls record evidence only where it adds
 * to the findings: for checks that can be not verifiable, and for checks whose compliance rests on
 * something a reader may want to see (the flag that was found).
 *
 * @param control the control that gathered it ({@code encryption})
 * @param check the check within the control ({@code secretsAtRest})
 * @param clause the addendum clause it is evidence for ({@code 3.1})
 * @param status compliant, non-compliant or not verifiable
 * @param resource the object the evidence was read from, or null when there is none to name (the
 *     API server is not visible)
 * @param reason for a person: what was seen, or why nothing could be
 * @param oldestOpenCritical the critical item open the longest among what the evidence covers, or
 *     null (only the vulnerabilities control sets it: the critical vulnerability of the namespace
 *     whose SLA clock started first)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evidence(
    String control,
    String check,
    String clause,
    Status status,
    ResourceRef resource,
    String reason,
    OldestOpen oldestOpenCritical) {

  /** Evidence with no critical item open. */
  public Evidence(
      String control,
      String check,
      String clause,
      Status status,
      ResourceRef resource,
      String reason) {
    this(control, check, clause, status, resource, reason, null);
  }

  /** By clause, control and check, then by resource (none first) and reason: a stable order. */
  public static final Comparator<Evidence> ORDER =
      Comparator.comparing(Evidence::clause)
          .thenComparing(Evidence::control)
          .thenComparing(Evidence::check)
          .thenComparing(
              Evidence::resource, Comparator.nullsFirst(Comparator.<ResourceRef>naturalOrder()))
          .thenComparing(Evidence::reason);

  /** What the evidence shows. */
  public enum Status {
    /** The check was made and holds. */
    COMPLIANT,
    /** The check was made and fails; a finding says how to fix it. */
    NON_COMPLIANT,
    /** What the check needs is not visible through the Kubernetes API; the reason says why. */
    NOT_VERIFIABLE;

    /** {@code compliant}, {@code non-compliant} or {@code not-verifiable}. */
    @JsonValue
    public String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static Status parse(String text) {
      for (Status s : values()) {
        if (s.id().equalsIgnoreCase(text)) {
          return s;
        }
      }
      throw new IllegalArgumentException(
          "unknown evidence status '"
              + text
              + "' (expected compliant, non-compliant or not-verifiable)");
    }
  }

  /** {@code not-verifiable 3.1 encryption/secretsAtRest}, with the resource when there is one. */
  public String headline() {
    return status.id()
        + " "
        + clause
        + " "
        + control
        + "/"
        + check
        + (resource == null ? "" : " " + resource.display());
  }
}
