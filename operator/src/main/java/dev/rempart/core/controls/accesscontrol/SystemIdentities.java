package dev.rempart.core.controls.accesscontrol;

import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.Set;

/**
 * What counts as "the system's own", which the privilege and review checks leave alone.
 *
 * <ul>
 *   <li>A subject: a User or Group whose name starts with {@code system:} (the control plane's
 *       components, nodes, {@code system:masters}), except the groups that stand for people or
 *       workloads at large — {@code system:anonymous}, {@code system:unauthenticated}, {@code
 *       system:authenticated}, {@code system:serviceaccounts} and {@code
 *       system:serviceaccounts:<namespace>} (but {@code system:serviceaccounts:kube-system} is the
 *       system's own) — and a ServiceAccount of kube-system.
 *   <li>A binding: one named {@code system:...} that grants a role named {@code system:...}, as the
 *       Kubernetes bootstrap policy names its own (the role condition keeps a binding from escaping
 *       the checks by its name alone), or one whose subjects are all the system's own.
 * </ul>
 */
final class SystemIdentities {
  static final String PREFIX = "system:";
  static final String KUBE_SYSTEM = "kube-system";
  static final String ANONYMOUS = "system:anonymous";
  static final String UNAUTHENTICATED = "system:unauthenticated";
  static final String AUTHENTICATED = "system:authenticated";
  static final String SERVICE_ACCOUNTS = "system:serviceaccounts";

  /** Groups (and, for anonymous, the user) that stand for everyone or every workload. */
  static final Set<String> BROAD = Set.of(ANONYMOUS, UNAUTHENTICATED, AUTHENTICATED);

  private SystemIdentities() {}

  static boolean isSystemSubject(Subject s) {
    String name = s.getName() == null ? "" : s.getName();
    return switch (s.getKind() == null ? "" : s.getKind()) {
      case "ServiceAccount" -> KUBE_SYSTEM.equals(s.getNamespace());
      case "User" -> name.startsWith(PREFIX) && !ANONYMOUS.equals(name);
      case "Group" ->
          name.startsWith(PREFIX)
              && !BROAD.contains(name)
              && (!name.startsWith(SERVICE_ACCOUNTS)
                  || name.equals(SERVICE_ACCOUNTS + ":" + KUBE_SYSTEM));
      default -> false;
    };
  }

  /**
   * True for a binding of the Kubernetes bootstrap policy or one that grants only to the system.
   */
  static boolean isSystemBinding(Binding b) {
    if (isBootstrap(b)) {
      return true;
    }
    return !b.subjects().isEmpty()
        && b.subjects().stream().allMatch(SystemIdentities::isSystemSubject);
  }

  /** Named {@code system:...} and granting a {@code system:...} role. */
  static boolean isBootstrap(Binding b) {
    return b.name().startsWith(PREFIX)
        && b.roleRef() != null
        && b.roleRef().getName() != null
        && b.roleRef().getName().startsWith(PREFIX);
  }

  /** True for the anonymous user or the groups of everyone. */
  static boolean isBroad(Subject s) {
    return ("Group".equals(s.getKind()) && BROAD.contains(s.getName()))
        || ("User".equals(s.getKind()) && ANONYMOUS.equals(s.getName()));
  }

  /** Anonymous or unauthenticated: anyone who can reach the API server, with no credential. */
  static boolean isUnauthenticated(Subject s) {
    return isBroad(s) && !AUTHENTICATED.equals(s.getName());
  }
}
