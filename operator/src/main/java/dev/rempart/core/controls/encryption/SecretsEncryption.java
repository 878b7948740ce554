package dev.rempart.core.controls.encryption;

import dev.rempart.core.ControlResult;
import dev.rempart.core.Evidence;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import dev.rempart.core.controls.KubeApiServerFlags;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * Clause 3.1, at rest: Secrets are encrypted in etcd. The only trace of it the Kubernetes API shows
 * is the API server's {@code --encryption-provider-config} flag, visible where the API server runs
 * as a static pod in kube-system (kubeadm and similar). So:
 *
 * <ul>
 *   <li>an API server pod with the flag: compliant evidence. The file it names is not visible, so
 *       the evidence says which providers to check there.
 *   <li>an API server pod without it: non-compliant evidence and a high finding on that pod.
 *   <li>no API server pod visible (a managed control plane: EKS, GKE, AKS, ...): not-verifiable
 *       evidence, never a pass.
 * </ul>
 */
final class SecretsEncryption {
  static final String CHECK = "secretsAtRest";
  static final String FLAG = "--encryption-provider-config";

  private SecretsEncryption() {}

  static void check(List<Pod> kubeSystemPods, ControlResult.Builder out) {
    List<Pod> apiServers = kubeSystemPods.stream().filter(SecretsEncryption::isApiServer).toList();
    if (apiServers.isEmpty()) {
      out.evidence(
          new Evidence(
              EncryptionControl.NAME,
              CHECK,
              EncryptionControl.CLAUSE,
              Evidence.Status.NOT_VERIFIABLE,
              null,
              "No kube-apiserver pod (label component: kube-apiserver) is visible in kube-system:"
                  + " the control plane is managed or hidden, so whether Secrets are encrypted"
                  + " in etcd cannot be seen through the Kubernetes API. Check the provider's"
                  + " envelope encryption setting (EKS secrets encryption, GKE application-layer"
                  + " secrets encryption, AKS KMS etcd encryption) and keep that as evidence."));
      return;
    }
    for (Pod pod : apiServers) {
      ResourceRef ref = ResourceRef.of(pod);
      Optional<String> config = flagValue(pod);
      if (config.isPresent()) {
        out.evidence(
            new Evidence(
                EncryptionControl.NAME,
                CHECK,
                EncryptionControl.CLAUSE,
                Evidence.Status.COMPLIANT,
                ref,
                "kube-apiserver runs with "
                    + FLAG
                    + "="
                    + config.get()
                    + ". The file itself is not visible through the API: its first provider for"
                    + " secrets must be aescbc, aesgcm, secretbox or kms (not identity)."));
        continue;
      }
      out.evidence(
          new Evidence(
              EncryptionControl.NAME,
              CHECK,
              EncryptionControl.CLAUSE,
              Evidence.Status.NON_COMPLIANT,
              ref,
              "kube-apiserver runs without " + FLAG + ": Secrets are stored in etcd unencrypted."));
      out.finding(
          Finding.of(
              EncryptionControl.NAME,
              CHECK,
              EncryptionControl.CLAUSE,
              Severity.HIGH,
              ref,
              "The API server "
                  + ref.namespace()
                  + "/"
                  + ref.name()
                  + " runs without "
                  + FLAG
                  + ", so Secrets are stored in etcd unencrypted. Write an"
                  + " EncryptionConfiguration whose first provider for secrets is kms (v2) or"
                  + " aescbc with a 32-byte key, pass it with "
                  + FLAG
                  + " in the static pod manifest on every control-plane node, then rewrite the"
                  + " existing Secrets (kubectl get secrets -A -o json | kubectl replace -f -)."));
    }
  }

  static boolean isApiServer(Pod pod) {
    return KubeApiServerFlags.isApiServer(pod);
  }

  /** The flag's value, if the API server is given one (see {@link KubeApiServerFlags#value}). */
  static Optional<String> flagValue(Pod pod) {
    return KubeApiServerFlags.value(pod, FLAG);
  }
}
