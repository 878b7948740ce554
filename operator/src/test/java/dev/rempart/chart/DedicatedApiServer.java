package dev.rempart.chart;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A kube-apiserver and etcd of its own for a chart test class (fabric8 kube-api-test, binaries from
 * {@code ~/.kubeapitest}: hack/control-plane-binaries.sh). The chart tests need an empty cluster: a
 * Helm release can only own the CRD when the CRD was not installed before it, so they cannot share
 * a control plane that pre-installs crds/. No controller-manager runs: Deployments never get pods
 * and namespaces never finish deleting, so no test waits for either.
 */
public final class DedicatedApiServer implements AutoCloseable {
  private final KubeAPIServer server;
  private final Path kubeconfigFile;

  private DedicatedApiServer(KubeAPIServer server, Path kubeconfigFile) {
    this.server = server;
    this.kubeconfigFile = kubeconfigFile;
  }

  /** Starts a fresh control plane. */
  public static DedicatedApiServer start() {
    KubeAPIServer server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true)
                .withApiServerVersion(System.getProperty("rempart.k8s.version", "1.34.4"))
                .withUpdateKubeConfig(false)
                // One argument: the two-argument form passes "true" as a separate, positional
                // argument.
                .withApiServerFlag("--allow-privileged=true")
                .build());
    server.start();
    try {
      Path target = Files.createDirectories(Path.of("target"));
      Path kubeconfig = Files.createTempFile(target, "chart-it-", ".kubeconfig");
      Files.writeString(kubeconfig, server.getKubeConfigYaml());
      return new DedicatedApiServer(server, kubeconfig);
    } catch (IOException e) {
      server.stop();
      throw new UncheckedIOException(e);
    }
  }

  /** The admin kubeconfig as a file, for {@code helm --kubeconfig}. */
  public Path kubeconfigFile() {
    return kubeconfigFile;
  }

  /** The admin client configuration (system:masters). */
  public Config config() {
    try {
      return Config.fromKubeconfig(Files.readString(kubeconfigFile));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new admin client; the caller closes it. */
  public KubernetesClient adminClient() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  @Override
  public void close() throws IOException {
    server.stop();
    Files.deleteIfExists(kubeconfigFile);
  }
}
