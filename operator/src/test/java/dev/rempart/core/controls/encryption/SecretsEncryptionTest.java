package dev.rempart.core.controls.encryption;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretsEncryptionTest {
  private static Pod apiServer(List<String> command, List<String> args) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("kube-apiserver-cp")
        .withNamespace("kube-system")
        .addToLabels("component", "kube-apiserver")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("kube-apiserver")
        .withCommand(command)
        .withArgs(args)
        .endContainer()
        .endSpec()
        .build();
  }

  @Test
  void readsTheFlagWithAnEqualsSign() {
    Pod pod =
        apiServer(List.of("kube-apiserver", "--encryption-provider-config=/etc/enc.yaml"), null);
    assertThat(SecretsEncryption.flagValue(pod)).contains("/etc/enc.yaml");
  }

  @Test
  void readsTheFlagAndItsValueAsTwoWordsInArgs() {
    Pod pod =
        apiServer(List.of("kube-apiserver"), List.of("--encryption-provider-config", "/e.yaml"));
    assertThat(SecretsEncryption.flagValue(pod)).contains("/e.yaml");
  }

  @Test
  void readsTheFlagInsideAShellCommand() {
    Pod pod =
        apiServer(
            List.of(
                "/bin/sh", "-c", "exec kube-apiserver --v=2 --encryption-provider-config=/x.yaml"),
            null);
    assertThat(SecretsEncryption.flagValue(pod)).contains("/x.yaml");
  }

  @Test
  void anEmptyOrMissingValueIsNoConfiguration() {
    assertThat(
            SecretsEncryption.flagValue(
                apiServer(List.of("kube-apiserver", "--encryption-provider-config="), null)))
        .isEmpty();
    assertThat(
            SecretsEncryption.flagValue(
                apiServer(
                    List.of("kube-apiserver", "--encryption-provider-config", "--v=2"), null)))
        .isEmpty();
    assertThat(
            SecretsEncryption.flagValue(
                apiServer(List.of("kube-apiserver", "--encryption-provider-config"), null)))
        .isEmpty();
  }

  @Test
  void aSimilarFlagIsNotTheFlag() {
    Pod pod =
        apiServer(
            List.of("kube-apiserver", "--encryption-provider-config-automatic-reload=true"), null);
    assertThat(SecretsEncryption.flagValue(pod)).isEmpty();
  }

  @Test
  void recognisesTheApiServerByItsComponentLabel() {
    assertThat(SecretsEncryption.isApiServer(apiServer(List.of(), null))).isTrue();
    Pod other =
        new PodBuilder()
            .withNewMetadata()
            .withName("etcd")
            .addToLabels("component", "etcd")
            .endMetadata()
            .build();
    assertThat(SecretsEncryption.isApiServer(other)).isFalse();
  }
}
