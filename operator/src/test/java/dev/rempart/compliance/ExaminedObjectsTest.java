package dev.rempart.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.core.Control;
import dev.rempart.core.ControlCatalog;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Snapshot;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExaminedObjectsTest {
  private static final Snapshot CLUSTER =
      Snapshot.builder()
          .addAll(
              ManifestReader.parse(
                  """
                  apiVersion: v1
                  kind: Namespace
                  metadata: {name: shop}
                  ---
                  apiVersion: v1
                  kind: Namespace
                  metadata: {name: other}
                  ---
                  apiVersion: rbac.authorization.k8s.io/v1
                  kind: RoleBinding
                  metadata: {name: in-shop, namespace: shop}
                  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
                  ---
                  apiVersion: rbac.authorization.k8s.io/v1
                  kind: RoleBinding
                  metadata: {name: elsewhere, namespace: other}
                  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
                  ---
                  apiVersion: rbac.authorization.k8s.io/v1
                  kind: ClusterRoleBinding
                  metadata: {name: everywhere}
                  roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
                  """))
          .build();

  private static Control control(String name) {
    return ControlCatalog.all().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void namespacedInputsCountInGovernedNamespacesAndClusterScopedOnesEverywhere() {
    List<Namespace> governed =
        CLUSTER.all(Namespace.class).stream()
            .filter(n -> n.getMetadata().getName().equals("shop"))
            .toList();
    List<ResourceRef> examined = ExaminedObjects.of(control("accessControl"), governed, CLUSTER);
    assertThat(examined)
        .extracting(ResourceRef::display)
        .contains("Namespace shop", "RoleBinding shop/in-shop", "ClusterRoleBinding everywhere")
        .doesNotContain("RoleBinding other/elsewhere", "Namespace other");
    assertThat(ExaminedObjects.countByKind(examined))
        .containsEntry("Namespace", 1)
        .containsEntry("RoleBinding", 1)
        .containsEntry("ClusterRoleBinding", 1);
  }
}
