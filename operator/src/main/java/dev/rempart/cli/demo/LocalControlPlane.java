package dev.rempart.cli.demo;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A kube-apiserver and etcd on this machine (fabric8 kube-api-test), from the binaries that
 * hack/control-plane-binaries.sh caches. Nothing is downloaded.
 */
public final class LocalControlPlane implements AutoCloseable {
  public static final String DEFAULT_VERSION = "1.34.4";
  private final KubeAPIServer server;

  private LocalControlPlane(KubeAPIServer server) {
    this.server = server;
  }

  /** Where kube-api-test looks for the binaries of a version. */
  public static Path binaries(String version) {
    return Path.of(
        System.getProperty("user.home"), ".kubeapitest", "k8s", version + "-linux-amd64");
  }

  public static boolean installed(String version) {
    Path dir = binaries(version);
    return Files.isExecutable(dir.resolve("kube-apiserver"))
        && Files.isExecutable(dir.resolve("etcd"));
  }

  public static LocalControlPlane start(String version) {
    KubeAPIServer server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true)
                .withApiServerVersion(version)
                .withUpdateKubeConfig(false)
                .withApiServerFlag("--allow-privileged=true")
                .build());
    server.start();
    return new LocalControlPlane(server);
  }

  public String kubeconfig() {
    return server.getKubeConfigYaml();
  }

  @Override
  public void close() {
    server.stop();
  }
}
