package dev.rempart.core.controls.accesscontrol;

import dev.rempart.core.ControlResult;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import dev.rempart.core.Snapshot;
import dev.rempart.core.Workloads;
import dev.rempart.core.Workloads.Workload;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.Map;
import java.util.Optional;

/**
 * Clause 4.1, unique identities, per governed namespace:
 *
 * <ul>
 *   <li>{@code defaultServiceAccount}: a workload that runs as the {@code default} ServiceAccount
 *       shares its identity with every other such workload. Medium when its pods get a token
 *       (automounting is not turned off), low when they do not.
 *   <li>{@code legacyToken} (medium): a long-lived token Secret ({@code type:
 *       kubernetes.io/service-account-token}). Only the Secret's type and metadata are read, never
 *       its data. Where Secrets are not visible (Rempart may not be allowed to list them), a Secret
 *       named in a ServiceAccount's {@code secrets} list and absent from the snapshot is reported
 *       on the ServiceAccount, and the message says that it is inferred.
 * </ul>
 */
final class ServiceAccountChecks {
  static final String CHECK_DEFAULT_SA = "defaultServiceAccount";
  static final String CHECK_LEGACY_TOKEN = "legacyToken";
  static final String DEFAULT = "default";
  static final String TOKEN_TYPE = "kubernetes.io/service-account-token";
  static final String SA_NAME_ANNOTATION = "kubernetes.io/service-account.name";
  static final String LAST_USED_LABEL = "kubernetes.io/legacy-token-last-used";

  private ServiceAccountChecks() {}

  static void checkDefaultServiceAccount(
      Snapshot snapshot, String namespace, ControlResult.Builder out) {
    Optional<ServiceAccount> defaultSa = snapshot.find(ServiceAccount.class, namespace, DEFAULT);
    for (Workload workload : Workloads.inNamespace(snapshot, namespace)) {
      PodSpec spec = workload.podSpec();
      if (!DEFAULT.equals(serviceAccountOf(spec))) {
        continue;
      }
      boolean token = mountsToken(spec, defaultSa);
      out.finding(
          Finding.of(
              AccessControlControl.NAME,
              CHECK_DEFAULT_SA,
              AccessControlControl.CLAUSE_PRIVILEGE,
              token ? Severity.MEDIUM : Severity.LOW,
              workload.ref(),
              workload.display()
                  + " runs as the default ServiceAccount of "
                  + namespace
                  + (token
                      ? ", with its token mounted: it shares one identity, and every right"
                          + " granted to it, with every other workload that does the same."
                      : ": it shares one identity with every other workload that does the same"
                          + " (no token is mounted, so it cannot use it against the API today).")
                  + " Create a ServiceAccount for it (kubectl create serviceaccount -n "
                  + namespace
                  + " <name>) and set serviceAccountName in its pod spec"
                  + (token
                      ? "; set automountServiceAccountToken: false if it needs no token."
                      : ".")));
    }
  }

  static void checkLegacyTokens(Snapshot snapshot, String namespace, ControlResult.Builder out) {
    for (Secret secret : snapshot.inNamespace(Secret.class, namespace)) {
      if (TOKEN_TYPE.equals(secret.getType())) {
        reportTokenSecret(secret, out);
      }
    }
    for (ServiceAccount sa : snapshot.inNamespace(ServiceAccount.class, namespace)) {
      if (sa.getSecrets() == null) {
        continue;
      }
      for (ObjectReference ref : sa.getSecrets()) {
        if (ref.getName() == null
            || snapshot.find(Secret.class, namespace, ref.getName()).isPresent()) {
          continue; // a visible Secret is judged by its own type above
        }
        reportInferredToken(sa, ref.getName(), out);
      }
    }
  }

  private static void reportTokenSecret(Secret secret, ControlResult.Builder out) {
    Map<String, String> annotations = secret.getMetadata().getAnnotations();
    Map<String, String> labels = secret.getMetadata().getLabels();
    String owner = annotations == null ? null : annotations.get(SA_NAME_ANNOTATION);
    String lastUsed = labels == null ? null : labels.get(LAST_USED_LABEL);
    String display = secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
    out.finding(
        Finding.of(
            AccessControlControl.NAME,
            CHECK_LEGACY_TOKEN,
            AccessControlControl.CLAUSE_PRIVILEGE,
            Severity.MEDIUM,
            ResourceRef.of(secret),
            "Secret "
                + display
                + " is a legacy service-account token"
                + (owner == null ? "" : " of ServiceAccount " + owner)
                + ": it never expires and anyone who reads it acts as that account"
                + (lastUsed == null ? "" : " (last used " + lastUsed + ")")
                + ". Delete it and let workloads use short-lived projected tokens (or kubectl"
                + " create token for a person); Rempart read only its type and metadata."));
  }

  private static void reportInferredToken(
      ServiceAccount sa, String secretName, ControlResult.Builder out) {
    String namespace = sa.getMetadata().getNamespace();
    out.finding(
        Finding.of(
            AccessControlControl.NAME,
            CHECK_LEGACY_TOKEN,
            AccessControlControl.CLAUSE_PRIVILEGE,
            Severity.MEDIUM,
            ResourceRef.of(sa),
            "ServiceAccount "
                + namespace
                + "/"
                + sa.getMetadata().getName()
                + " lists Secret "
                + secretName
                + " in its secrets, which is how legacy long-lived tokens were attached. Rempart"
                + " cannot see that Secret (it is not allowed to list Secrets, or the Secret is"
                + " gone), so this is inferred from the reference. Check its type (kubectl get"
                + " secret -n "
                + namespace
                + " "
                + secretName
                + " -o jsonpath='{.type}'); if it is kubernetes.io/service-account-token, delete"
                + " it, and remove the reference from the ServiceAccount."));
  }

  /** The ServiceAccount a pod spec runs as; {@code default} when it names none. */
  static String serviceAccountOf(PodSpec spec) {
    String name = spec.getServiceAccountName();
    if (name == null || name.isEmpty()) {
      name = spec.getServiceAccount(); // the deprecated alias, still honoured by the API server
    }
    return name == null || name.isEmpty() ? DEFAULT : name;
  }

  /** The pod's setting wins; else the ServiceAccount's; a token is mounted unless one says no. */
  static boolean mountsToken(PodSpec spec, Optional<ServiceAccount> sa) {
    if (spec.getAutomountServiceAccountToken() != null) {
      return spec.getAutomountServiceAccountToken();
    }
    return sa.map(
            s -> s.getAutomountServiceAccountToken() == null || s.getAutomountServiceAccountToken())
        .orElse(true);
  }
}
