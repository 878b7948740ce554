package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.Optional;
import java.util.Set;

/**
 * One check of the Pod Security Standards, with the identifier, level and semantics the Pod
 * Security Admission (k8s.io/pod-security-admission, {@code policy/}) gives it at v1.35.
 */
interface StandardCheck {
  /** The upstream check identifier ({@code hostNamespaces}), used as the finding's check. */
  String id();

  /** The level the check belongs to: baseline checks also apply at restricted. */
  PodSecurityLevel level();

  /**
   * The baseline checks this restricted check replaces at the restricted level (upstream {@code
   * OverrideCheckIDs}): it checks the same fields more strictly.
   */
  default Set<String> overrides() {
    return Set.of();
  }

  /**
   * Evaluates a pod's metadata and (defaulted) spec.
   *
   * @return the violation, or empty when the pod passes
   */
  Optional<Violation> evaluate(ObjectMeta podMetadata, PodSpec spec);
}
