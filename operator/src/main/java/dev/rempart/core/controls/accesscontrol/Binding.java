package dev.rempart.core.controls.accesscontrol;

import dev.rempart.core.ResourceRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.List;
import java.util.Map;

/**
 * A RoleBinding or a ClusterRoleBinding, seen the same way: the role it grants and to whom.
 *
 * @param object the binding as read
 * @param roleRef the role it grants
 * @param subjects who it grants it to (never null)
 */
record Binding(HasMetadata object, RoleRef roleRef, List<Subject> subjects) {
  static Binding of(RoleBinding b) {
    return new Binding(b, b.getRoleRef(), b.getSubjects() == null ? List.of() : b.getSubjects());
  }

  static Binding of(ClusterRoleBinding b) {
    return new Binding(b, b.getRoleRef(), b.getSubjects() == null ? List.of() : b.getSubjects());
  }

  String name() {
    return object.getMetadata().getName();
  }

  /** The namespace of a RoleBinding, null for a ClusterRoleBinding. */
  String namespace() {
    return object.getMetadata().getNamespace();
  }

  ResourceRef ref() {
    return ResourceRef.of(object);
  }

  /** {@code RoleBinding shop/deployers} or {@code ClusterRoleBinding ops-admins}. */
  String display() {
    return ref().display();
  }

  /** {@code ClusterRole cluster-admin}. */
  String role() {
    // The API server requires a roleRef; a manifest read offline may lack it.
    return roleRef == null
        ? "no role (roleRef is missing)"
        : roleRef.getKind() + " " + roleRef.getName();
  }

  /** Where the grant applies, for messages. */
  String scope() {
    return namespace() == null ? "cluster-wide" : "in namespace " + namespace();
  }

  String annotation(String key) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }

  /** The kubectl resource name: {@code rolebinding -n shop deployers}. */
  String kubectlName() {
    return namespace() == null
        ? "clusterrolebinding " + name()
        : "rolebinding -n " + namespace() + " " + name();
  }

  static String describe(Subject s) {
    if ("ServiceAccount".equals(s.getKind())) {
      return "ServiceAccount " + s.getNamespace() + "/" + s.getName();
    }
    return s.getKind() + " " + s.getName();
  }
}
