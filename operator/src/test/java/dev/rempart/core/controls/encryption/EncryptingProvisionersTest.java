package dev.rempart.core.controls.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncryptingProvisionersTest {
  private static StorageClass storageClass(String provisioner, Map<String, String> parameters) {
    return new StorageClassBuilder()
        .withNewMetadata()
        .withName("c")
        .endMetadata()
        .withProvisioner(provisioner)
        .withParameters(parameters)
        .build();
  }

  @Test
  void awsEbsNeedsEncryptedTrueInAnyCase() {
    assertThat(
            EncryptingProvisioners.recognise(
                storageClass("ebs.csi.aws.com", Map.of("encrypted", "True"))))
        .isPresent();
    assertThat(
            EncryptingProvisioners.recognise(
                storageClass("ebs.csi.aws.com", Map.of("encrypted", "false"))))
        .isEmpty();
    assertThat(
            EncryptingProvisioners.recognise(
                storageClass("ebs.csi.aws.com", Map.of("type", "gp3"))))
        .isEmpty();
  }

  @Test
  void gcpAndAzureNeedTheirKeyParameterSet() {
    assertThat(
            EncryptingProvisioners.recognise(
                storageClass(
                    "pd.csi.storage.gke.io", Map.of("disk-encryption-kms-key", "projects/p/k"))))
        .isPresent();
    assertThat(
            EncryptingProvisioners.recognise(
                storageClass("pd.csi.storage.gke.io", Map.of("disk-encryption-kms-key", " "))))
        .isEmpty();
    assertThat(
            EncryptingProvisioners.recognise(
                storageClass(
                    "disk.csi.azure.com", Map.of("diskencryptionsetid", "/subscriptions/s"))))
        .isPresent();
  }

  @Test
  void aParameterOfAnotherProvisionerDoesNotCount() {
    assertThat(
            EncryptingProvisioners.recognise(
                storageClass("rancher.io/local-path", Map.of("encrypted", "true"))))
        .isEmpty();
    assertThat(
            EncryptingProvisioners.recognise(
                storageClass("rbd.csi.ceph.com", Map.of("encrypted", "true"))))
        .isPresent();
    assertThat(EncryptingProvisioners.recognise(storageClass("rbd.csi.ceph.com", null))).isEmpty();
  }
}
