package dev.rempart.core;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every clause of the security addendum that a report accounts for, in the addendum's order: the
 * clause map of {@code docs/clauses.md} as data. A report lists each of them with a status, so a
 * clause Rempart cannot evidence is said so instead of silently missing.
 */
public final class ClauseCatalog {

  /** Why a clause is outside what software in a cluster can enforce or evidence. */
  static final String OFF_CLUSTER =
      "outside the cluster: a commitment about people, premises or the provider's organisation"
          + " that no Kubernetes object can enforce or evidence";

  private static final List<Clause> CLAUSES =
      List.of(
          outOfScope(
              "1", "Audits and certifications", "Independent third-party audits of the provider."),
          outOfScope(
              "2.1",
              "Hosting location of subscriber data",
              "Data hosted in the public-cloud region the subscriber chose."),
          inScope(
              "3.1",
              "Encryption of customer data",
              "Data encrypted at rest with AES-256 or stronger; TLS 1.2 or later in transit on"
                  + " external networks.",
              "encryption"),
          inScope(
              "4.1",
              "Access controls",
              "Unique identities, least privilege, strong passwords.",
              "accessControl"),
          outOfScope(
              "4.2",
              "Endpoint controls",
              "Staff laptops with disk encryption, EDR and vulnerability management."),
          inScope(
              "4.3",
              "Separation of environments",
              "Production logically separated from development and test.",
              "environments"),
          inScope(
              "4.4",
              "Firewall and security groups",
              "Deny-all by default for ingress and egress traffic the service does not need.",
              "network"),
          inScope(
              "4.5",
              "Hardening",
              "No default passwords, no unnecessary software or services, regular patching.",
              "podSecurity"),
          inScope(
              "4.6",
              "Monitoring and logging",
              "Infrastructure and user logs monitored, protected from tampering, kept at least one"
                  + " year.",
              "auditLogging"),
          inScope(
              "4.7.3",
              "Vulnerability management",
              "Critical and high vulnerabilities fixed within 30 days, medium within 90 (CVSS).",
              "vulnerabilities"),
          outOfScope(
              "5.1, 5.2, 5.3",
              "Personnel security, training and commitments",
              "Background checks, security training and signed confidentiality commitments."),
          inScope(
              "5.4",
              "Access reviews and departures",
              "Access privileges reviewed at least quarterly; access removed on departure.",
              "accessControl"),
          new Clause(
              List.of("5.7"),
              "Change management",
              "A documented change-management programme for the service.",
              List.of(),
              Scope.PROCESS,
              "a process of the provider's organisation: Rempart makes its own changes"
                  + " attributable (field manager, labels, Events) and changes nothing in Audit"
                  + " mode, but the programme itself is not visible through the Kubernetes API"),
          outOfScope(
              "6.1",
              "Cloud data centres",
              "The cloud provider's physical and environmental controls (SOC 2, ISO 27001)."),
          outOfScope(
              "6.2", "Provider's premises", "Technical and physical controls in the offices."),
          new Clause(
              List.of("7.1", "7.2"),
              "Incident reporting and investigation",
              "Security incidents notified within 72 hours; related logs kept one year.",
              List.of(),
              Scope.PROCESS,
              "incident notification is a process: Rempart raises alertable signals (metrics,"
                  + " Events) for critical drift, but whether an incident was notified in time is"
                  + " not visible through the Kubernetes API"),
          inScope(
              "8.1, 8.2",
              "Deletion of customer data",
              "Customer data deleted on request and after termination plus the recovery period.",
              "dataDeletion"),
          inScope(
              "9.2",
              "Subscriber's roles and credentials",
              "Roles, scope and duration of user access; password expiry.",
              "accessControl"));

  private ClauseCatalog() {}

  /** Every clause, in the addendum's order. */
  public static List<Clause> all() {
    return CLAUSES;
  }

  /** The clause a finding cites ({@code 4.4}), if the catalogue has it. */
  public static Optional<Clause> cited(String clause) {
    return CLAUSES.stream().filter(c -> c.isCitedBy(clause)).findFirst();
  }

  private static Clause inScope(String numbers, String title, String promise, String control) {
    return new Clause(split(numbers), title, promise, List.of(control), Scope.CLUSTER, null);
  }

  private static Clause outOfScope(String numbers, String title, String promise) {
    return new Clause(split(numbers), title, promise, List.of(), Scope.OUT_OF_SCOPE, OFF_CLUSTER);
  }

  private static List<String> split(String numbers) {
    return Arrays.stream(numbers.split(",")).map(String::trim).toList();
  }

  /** Whether software in the cluster can evidence a clause. */
  public enum Scope {
    /** A control of a baseline enforces or evidences it. */
    CLUSTER,
    /** A process of the provider; the cluster shows part of it at most. */
    PROCESS,
    /** Nothing in a cluster can enforce or evidence it. */
    OUT_OF_SCOPE
  }

  /**
   * One row of the clause map.
   *
   * @param numbers the addendum's clause numbers ({@code 8.1}, {@code 8.2})
   * @param title the clause's heading, in English
   * @param promise what the addendum promises, in short
   * @param controls the controls that evidence it; empty when none does
   * @param scope whether a cluster can evidence it
   * @param whyNotInCluster for a clause outside the cluster, the reason a report gives
   */
  public record Clause(
      List<String> numbers,
      String title,
      String promise,
      List<String> controls,
      Scope scope,
      String whyNotInCluster) {
    public Clause {
      numbers = List.copyOf(numbers);
      controls = List.copyOf(controls);
    }

    /** {@code 8.1, 8.2}. */
    public String number() {
      return String.join(", ", numbers);
    }

    /**
     * True when a finding's clause ({@code 4.4}, or a list such as {@code 4.1, 5.4}) cites this
     * clause.
     */
    public boolean isCitedBy(String findingClause) {
      if (findingClause == null) {
        return false;
      }
      return Arrays.stream(findingClause.split(",")).map(String::trim).anyMatch(numbers::contains);
    }
  }
}
