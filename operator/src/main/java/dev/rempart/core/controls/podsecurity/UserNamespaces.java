package dev.rempart.core.controls.podsecurity;

import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * The v1.35 relaxation for pods in a user namespace ({@code hostUsers: false}): root in the pod is
 * not root on the node, so {@code procMount}, {@code runAsNonRoot} and {@code runAsUser} let them
 * pass.
 */
final class UserNamespaces {
  private UserNamespaces() {}

  static boolean isUserNamespacePod(PodSpec spec) {
    return spec.getHostUsers() != null && !spec.getHostUsers();
  }
}
