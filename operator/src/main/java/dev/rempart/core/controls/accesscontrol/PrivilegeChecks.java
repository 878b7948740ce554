package dev.rempart.core.controls.accesscontrol;

import dev.rempart.api.v1alpha1.AccessControlSpec;
import dev.rempart.core.ControlResult;
import dev.rempart.core.Finding;
import dev.rempart.core.Severity;
import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Clause 4.1, least privilege, per binding:
 *
 * <ul>
 *   <li>{@code clusterAdmin} (critical): cluster-admin, or a role granting {@code *} on {@code *},
 *       bound to a subject that is not the system's own.
 *   <li>{@code wildcardRole} (high): a role with a wildcard verb or resource bound to such a
 *       subject (not reported again for a binding already reported as {@code clusterAdmin}).
 *   <li>{@code broadSubject} (critical for {@code system:anonymous} and {@code
 *       system:unauthenticated}, high for {@code system:authenticated}): a grant to everyone who
 *       can reach the API server. The bootstrap policy's own such bindings ({@code
 *       system:public-info-viewer}, {@code system:discovery}, ...) are left alone.
 * </ul>
 */
final class PrivilegeChecks {
  static final String CHECK_ADMIN = "clusterAdmin";
  static final String CHECK_WILDCARD = "wildcardRole";
  static final String CHECK_BROAD = "broadSubject";

  private PrivilegeChecks() {}

  static void check(
      Binding binding, Snapshot snapshot, AccessControlSpec spec, ControlResult.Builder out) {
    checkBroadSubjects(binding, out);
    if (SystemIdentities.isSystemBinding(binding)) {
      return;
    }
    List<Subject> outsiders =
        binding.subjects().stream().filter(s -> !SystemIdentities.isSystemSubject(s)).toList();
    if (outsiders.isEmpty()) {
      return;
    }
    Optional<List<PolicyRule>> rules =
        RoleRules.resolve(snapshot, binding.roleRef(), binding.namespace());
    if (RoleRules.grantsEverything(binding.roleRef(), rules)) {
      if (spec.effectiveForbidClusterAdmin()) {
        reportAdmin(binding, outsiders, rules, out);
      }
      return;
    }
    if (spec.effectiveForbidWildcards() && rules.isPresent()) {
      List<PolicyRule> wildcards = RoleRules.wildcardRules(rules.get());
      if (!wildcards.isEmpty()) {
        reportWildcards(binding, outsiders, wildcards, out);
      }
    }
  }

  private static void reportAdmin(
      Binding binding,
      List<Subject> outsiders,
      Optional<List<PolicyRule>> rules,
      ControlResult.Builder out) {
    String how =
        rules
            .flatMap(rs -> rs.stream().filter(RoleRules::grantsEverything).findFirst())
            .filter(r -> !RoleRules.CLUSTER_ADMIN.equals(binding.roleRef().getName()))
            .map(
                r ->
                    ", whose rule "
                        + RoleRules.describe(r)
                        + " allows every verb on every resource")
            .orElse(", which allows every verb on every resource");
    out.finding(
        Finding.of(
            AccessControlControl.NAME,
            CHECK_ADMIN,
            AccessControlControl.CLAUSE_PRIVILEGE,
            Severity.CRITICAL,
            binding.ref(),
            binding.display()
                + " grants "
                + binding.role()
                + how
                + ", "
                + binding.scope()
                + " to "
                + subjects(outsiders)
                + ". Bind a role that grants only what each subject needs (the built-in admin,"
                + " edit or view roles in a namespace, or a role of your own), then delete this"
                + " binding: kubectl delete "
                + binding.kubectlName()
                + "."));
  }

  private static void reportWildcards(
      Binding binding,
      List<Subject> outsiders,
      List<PolicyRule> wildcards,
      ControlResult.Builder out) {
    String rules = wildcards.stream().map(RoleRules::describe).collect(Collectors.joining("; "));
    out.finding(
        Finding.of(
            AccessControlControl.NAME,
            CHECK_WILDCARD,
            AccessControlControl.CLAUSE_PRIVILEGE,
            Severity.HIGH,
            binding.ref(),
            binding.display()
                + " grants "
                + binding.role()
                + " "
                + binding.scope()
                + " to "
                + subjects(outsiders)
                + ", and that role uses wildcards ("
                + rules
                + "): it grants every verb or resource, including ones added later. Replace each"
                + " * with the verbs and resources the subjects need."));
  }

  private static void checkBroadSubjects(Binding binding, ControlResult.Builder out) {
    if (SystemIdentities.isBootstrap(binding)) {
      return;
    }
    List<Subject> broad = binding.subjects().stream().filter(SystemIdentities::isBroad).toList();
    if (broad.isEmpty()) {
      return;
    }
    boolean unauthenticated = broad.stream().anyMatch(SystemIdentities::isUnauthenticated);
    out.finding(
        Finding.of(
            AccessControlControl.NAME,
            CHECK_BROAD,
            AccessControlControl.CLAUSE_PRIVILEGE,
            unauthenticated ? Severity.CRITICAL : Severity.HIGH,
            binding.ref(),
            binding.display()
                + " grants "
                + binding.role()
                + " "
                + binding.scope()
                + " to "
                + subjects(broad)
                + (unauthenticated
                    ? ", that is to anyone who can reach the API server, without any credential."
                    : ", that is to every authenticated user and service account of the"
                        + " cluster.")
                + " Grant the role to the named users, groups or service accounts that need it"
                + " and remove "
                + (broad.size() == 1 ? "this subject" : "these subjects")
                + " from the binding."));
  }

  static String subjects(List<Subject> subjects) {
    return subjects.stream().map(Binding::describe).collect(Collectors.joining(", "));
  }
}
