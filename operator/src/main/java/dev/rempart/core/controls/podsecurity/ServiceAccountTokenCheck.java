package dev.rempart.core.controls.podsecurity;

import dev.rempart.core.Severity;
import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.Optional;

/**
 * Beyond the standards: a pod does not get a service-account token by default (clause 4.5, tokens
 * not mounted when unused).
 *
 * <p>Kubernetes mounts the token unless the pod sets {@code automountServiceAccountToken: false},
 * or leaves it unset and its ServiceAccount sets it to false; Rempart follows the same rule (a
 * ServiceAccount absent from the snapshot counts as mounting). A pod that sets the field to {@code
 * true} passes: it declares that it calls the API, which is a reviewed need rather than a default
 * nobody chose, and there would otherwise be no way to say so.
 *
 * <p>Low severity: a stolen token grants only what RBAC grants its account, which for most accounts
 * is little; the fault is an unneeded credential, not an open door.
 */
final class ServiceAccountTokenCheck {
  static final String ID = "automountServiceAccountToken";

  private ServiceAccountTokenCheck() {}

  static Optional<Violation> evaluate(PodSpec spec, String namespace, Snapshot snapshot) {
    if (spec.getAutomountServiceAccountToken() != null) {
      return Optional.empty();
    }
    String account = accountName(spec);
    Optional<ServiceAccount> sa = snapshot.find(ServiceAccount.class, namespace, account);
    if (sa.isPresent() && Boolean.FALSE.equals(sa.get().getAutomountServiceAccountToken())) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            "service-account token mounted by default",
            "the pod spec leaves automountServiceAccountToken unset and ServiceAccount \""
                + account
                + "\" "
                + (sa.isPresent() ? "does not set it to false" : "is not known to set it to false")
                + ", so every container gets a token for that account",
            Severity.LOW,
            "set automountServiceAccountToken: false in the pod spec (or on the ServiceAccount);"
                + " a pod that calls the Kubernetes API sets it to true instead, to say so"));
  }

  private static String accountName(PodSpec spec) {
    if (spec.getServiceAccountName() != null && !spec.getServiceAccountName().isEmpty()) {
      return spec.getServiceAccountName();
    }
    if (spec.getServiceAccount() != null && !spec.getServiceAccount().isEmpty()) {
      return spec.getServiceAccount();
    }
    return "default";
  }
}
