package dev.rempart.core.controls.accesscontrol;

import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import java.util.List;
import java.util.Optional;

/**
 * The rules a role grants, and which of them use wildcards.
 *
 * <p>A rule grants everything when it allows the verb {@code *} on the resource {@code *} (in any
 * API group: {@code *} on {@code *} of the core group alone already reaches every Secret and Pod).
 * A rule is a wildcard rule when a verb is {@code *} or a resource contains {@code *} ({@code *},
 * {@code pods/*}, or {@code *} with a subresource). {@code cluster-admin} grants everything even
 * when its ClusterRole is not in the snapshot: it is built in.
 */
final class RoleRules {
  static final String CLUSTER_ADMIN = "cluster-admin";
  static final String WILDCARD = "*";

  private RoleRules() {}

  /** The rules of the role, or empty when the role is not in the snapshot. */
  static Optional<List<PolicyRule>> resolve(Snapshot snapshot, RoleRef ref, String namespace) {
    if (ref == null || ref.getName() == null) {
      return Optional.empty();
    }
    if ("ClusterRole".equals(ref.getKind())) {
      return snapshot
          .find(ClusterRole.class, null, ref.getName())
          .map(r -> r.getRules() == null ? List.<PolicyRule>of() : r.getRules());
    }
    if ("Role".equals(ref.getKind()) && namespace != null) {
      return snapshot
          .find(Role.class, namespace, ref.getName())
          .map(r -> r.getRules() == null ? List.<PolicyRule>of() : r.getRules());
    }
    return Optional.empty();
  }

  /** True when the role is cluster-admin or one of its rules grants every verb on everything. */
  static boolean grantsEverything(RoleRef ref, Optional<List<PolicyRule>> rules) {
    if (ref != null && "ClusterRole".equals(ref.getKind()) && CLUSTER_ADMIN.equals(ref.getName())) {
      return true;
    }
    return rules.map(rs -> rs.stream().anyMatch(RoleRules::grantsEverything)).orElse(false);
  }

  static boolean grantsEverything(PolicyRule rule) {
    return contains(rule.getVerbs(), WILDCARD) && contains(rule.getResources(), WILDCARD);
  }

  /** True when a verb is {@code *} or a resource contains {@code *}. */
  static boolean isWildcard(PolicyRule rule) {
    return contains(rule.getVerbs(), WILDCARD)
        || (rule.getResources() != null
            && rule.getResources().stream().anyMatch(r -> r != null && r.contains(WILDCARD)));
  }

  /** The wildcard rules of a role, in order. */
  static List<PolicyRule> wildcardRules(List<PolicyRule> rules) {
    return rules.stream().filter(RoleRules::isWildcard).toList();
  }

  /** {@code verbs [*] on resources [deployments] in apiGroups [apps]}. */
  static String describe(PolicyRule rule) {
    return "verbs "
        + list(rule.getVerbs())
        + " on resources "
        + list(rule.getResources())
        + " in apiGroups "
        + list(rule.getApiGroups());
  }

  private static boolean contains(List<String> values, String value) {
    return values != null && values.contains(value);
  }

  private static String list(List<String> values) {
    if (values == null) {
      return "[]";
    }
    return values.stream()
        .map(v -> v.isEmpty() ? "\"\"" : v)
        .toList()
        .toString()
        .replace(", ", ",");
  }
}
