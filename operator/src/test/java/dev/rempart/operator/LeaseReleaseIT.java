package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.it.ControlPlane;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The release a stopping leader makes, through the operator's client, which reads objects without
 * their field sets ({@link LeanSerialization}): the lease is released and keeps the API server's
 * record of who wrote which field.
 */
class LeaseReleaseIT {
  private static final String NAMESPACE = "default";

  @Test
  void aReleasedLeaseKeepsItsManagedFields() {
    String name = "release-" + UUID.randomUUID().toString().substring(0, 8);
    try (KubernetesClient plain =
            new KubernetesClientBuilder().withConfig(ControlPlane.config()).build();
        KubernetesClient lean = LeanSerialization.client(ControlPlane.config())) {
      plain
          .resource(
              new LeaseBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(NAMESPACE)
                  .endMetadata()
                  .withNewSpec()
                  .withHolderIdentity("me")
                  .withLeaseDurationSeconds(15)
                  .endSpec()
                  .build())
          .create();

      assertThat(LeaseRelease.release(lean, NAMESPACE, name, "me")).isTrue();

      Lease released = plain.leases().inNamespace(NAMESPACE).withName(name).get();
      assertThat(released.getSpec().getHolderIdentity()).isNull();
      assertThat(released.getSpec().getLeaseDurationSeconds()).isEqualTo(1);
      assertThat(released.getMetadata().getManagedFields())
          .isNotEmpty()
          .allSatisfy(entry -> assertThat(entry.getFieldsV1()).isNotNull())
          .extracting(ManagedFieldsEntry::getManager)
          .doesNotContainNull();
    }
  }

  @Test
  void aLeaseHeldByAnotherIsLeftAlone() {
    String name = "release-" + UUID.randomUUID().toString().substring(0, 8);
    try (KubernetesClient lean = LeanSerialization.client(ControlPlane.config())) {
      lean.resource(
              new LeaseBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withNamespace(NAMESPACE)
                  .endMetadata()
                  .withNewSpec()
                  .withHolderIdentity("other")
                  .endSpec()
                  .build())
          .create();

      assertThat(LeaseRelease.release(lean, NAMESPACE, name, "me")).isFalse();
      assertThat(
              lean.leases()
                  .inNamespace(NAMESPACE)
                  .withName(name)
                  .get()
                  .getSpec()
                  .getHolderIdentity())
          .isEqualTo("other");
    }
  }
}
