package dev.rempart.core.controls.environments;

import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;

/**
 * The subjects of a RoleBinding that stand for service accounts of other environments: a
 * ServiceAccount of another namespace, the group {@code system:serviceaccounts:<namespace>} of one,
 * or {@code system:serviceaccounts} (every service account of the cluster). A namespace that is not
 * visible or has no environment label counts as another environment: nothing shows it is the same.
 */
final class ForeignSubjects {
  static final String ALL_SERVICE_ACCOUNTS = "system:serviceaccounts";
  static final String SERVICE_ACCOUNTS_OF = "system:serviceaccounts:";

  private ForeignSubjects() {}

  /** One foreign subject, described for a message. */
  record Foreign(String subject, String why) {}

  static List<Foreign> of(RoleBinding binding, Environments environments, String environment) {
    String home = binding.getMetadata().getNamespace();
    List<Foreign> foreign = new ArrayList<>();
    if (binding.getSubjects() == null) {
      return foreign;
    }
    for (Subject s : binding.getSubjects()) {
      String namespace = serviceAccountNamespace(s, home);
      if ("Group".equals(s.getKind()) && ALL_SERVICE_ACCOUNTS.equals(s.getName())) {
        foreign.add(
            new Foreign("Group " + s.getName(), "every service account of every environment"));
      } else if (namespace != null
          && !namespace.equals(home)
          && !environment.equals(environments.of(namespace))) {
        foreign.add(
            new Foreign(
                describe(s), "namespace " + namespace + " is " + environments.describe(namespace)));
      }
    }
    return foreign;
  }

  /** The namespace whose service accounts the subject stands for, or null. */
  private static String serviceAccountNamespace(Subject s, String home) {
    if ("ServiceAccount".equals(s.getKind())) {
      return s.getNamespace() == null || s.getNamespace().isEmpty() ? home : s.getNamespace();
    }
    if ("Group".equals(s.getKind())
        && s.getName() != null
        && s.getName().startsWith(SERVICE_ACCOUNTS_OF)) {
      return s.getName().substring(SERVICE_ACCOUNTS_OF.length());
    }
    return null;
  }

  private static String describe(Subject s) {
    return "ServiceAccount".equals(s.getKind())
        ? "ServiceAccount " + s.getNamespace() + "/" + s.getName()
        : s.getKind() + " " + s.getName();
  }
}
