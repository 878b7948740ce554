package dev.rempart.cli.demo;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

  /** The CRDs the build generates, packaged in the jar: every one the operator watches. */
  static final List<String> CRDS =
      List.of(
          "securitybaselines.rempart.dev",
          "baselineexceptions.rempart.dev",
          "vulnerabilityfirstseens.rempart.dev");

  /** The OpenReports CRDs the chart ships, packaged in the jar. */
  static final List<String> REPORT_CRDS =
      List.of(
          "/dev/rempart/report-crds/openreports/reports.openreports.io.yaml",
          "/dev/rempart/report-crds/openreports/clusterreports.openreports.io.yaml");

  /** Installs the OpenReports CRDs, so that the operator writes its policy reports. */
  public static void installReportCrds(KubernetesClient client) {
    REPORT_CRDS.forEach(resource -> installCrd(client, resource));
  }

  /** Installs Rempart's CRDs packaged in the jar and waits until they are established. */
  public static void installCrds(KubernetesClient client) {
    for (String name : CRDS) {
      installCrd(client, "/META-INF/fabric8/" + name + "-v1.yml");
    }
  }

  private static void installCrd(KubernetesClient client, String resource) {
    try (InputStream in = LocalControlPlane.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not packaged in the jar");
      }
      CustomResourceDefinition crd =
          client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
      client.resource(crd).create();
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName(crd.getMetadata().getName())
          .waitUntilCondition(
              c ->
                  c.getStatus() != null
                      && c.getStatus().getConditions() != null
                      && c.getStatus().getConditions().stream()
                          .anyMatch(x -> "Established".equals(x.getType())),
              30,
              TimeUnit.SECONDS);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
