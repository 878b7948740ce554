package dev.rempart.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientConfigsTest {
  @TempDir Path dir;

  private Path kubeconfig(String user) throws Exception {
    Path file = dir.resolve("kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true}}]
        users: [{name: u, user: %s}]
        contexts: [{name: x, context: {cluster: c, user: u, namespace: team}}]
        current-context: x
        """
            .formatted(user));
    return file;
  }

  @Test
  void aCertificateConfigHasNothingToReReadBeforeEachRequest() throws Exception {
    Path file = kubeconfig("{client-certificate: cert.pem, client-key: key.pem}");
    Config asFabric8LoadsIt = Config.fromKubeconfig(null, Files.readString(file), file.toString());
    // What the token refresh runs before every request: fabric8 parses the file again.
    assertThat(asFabric8LoadsIt.refresh()).isNotSameAs(asFabric8LoadsIt);

    Config config = ClientConfigs.load(file, null);

    assertThat(config.refresh()).isSameAs(config);
    assertThat(config.getFile()).isNull();
    assertThat(config.getMasterUrl()).isEqualTo("https://127.0.0.1:6443/");
    assertThat(config.getNamespace()).isEqualTo("team");
    assertThat(config.getCurrentContext().getName()).isEqualTo("x");
    // Relative paths were resolved against the kubeconfig's directory when it was loaded.
    assertThat(config.getClientCertFile()).isEqualTo(dir.resolve("cert.pem").toString());
    assertThat(config.getClientKeyFile()).isEqualTo(dir.resolve("key.pem").toString());
  }

  @Test
  void aTokenConfigKeepsItsRefresh() throws Exception {
    Path file = kubeconfig("{token: abc}");

    Config config = ClientConfigs.load(file, null);

    assertThat(config.getAutoOAuthToken()).isEqualTo("abc");
    assertThat(config.getFile()).isEqualTo(file.toFile());
  }
}
