package dev.rempart.it;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One real kube-apiserver and etcd for every integration test of the JVM (fabric8 kube-api-test),
 * with Rempart's CRDs installed. Binaries come from {@code ~/.kubeapitest}, which
 * hack/control-plane-binaries.sh fills; nothing is downloaded here. No controller-manager runs:
 * there is no garbage collection and namespaces never finish terminating.
 *
 * <p>The API server keeps an audit log ({@link #auditLog()}) of the writes to the kinds Rempart's
 * admission policies check, at level Metadata (no bodies): that is where a policy bound with the
 * Audit action records its verdicts, and nothing else of the suite's traffic is written.
 */
public final class ControlPlane {
  public static final String VERSION = System.getProperty("rempart.k8s.version", "1.34.4");
  private static KubeAPIServer server;
  private static String kubeconfig;
  private static Path kubeconfigFile;
  private static Path auditLog;

  /** Writes (not reads, not watches) of the kinds the admission policies match, without bodies. */
  private static final String AUDIT_POLICY =
      """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: [RequestReceived, ResponseStarted]
      rules:
      - level: Metadata
        verbs: [create, update, patch, delete]
        resources:
        - {group: networking.k8s.io, resources: [networkpolicies, ingresses]}
        - {group: "", resources: [services, persistentvolumeclaims]}
        - {group: rbac.authorization.k8s.io, resources: [rolebindings, clusterrolebindings]}
      - level: None
      """;

  private ControlPlane() {}

  /** Starts the control plane on first use and returns its admin kubeconfig (YAML). */
  public static synchronized String kubeconfig() {
    if (server == null) {
      Path auditPolicy = writeAuditPolicy();
      server =
          new KubeAPIServer(
              KubeAPIServerConfigBuilder.anAPIServerConfig()
                  .withOfflineMode(true)
                  .withApiServerVersion(VERSION)
                  .withUpdateKubeConfig(false)
                  .withApiServerFlag("--allow-privileged=true")
                  .withApiServerFlag("--audit-policy-file=" + auditPolicy)
                  .withApiServerFlag("--audit-log-path=" + auditLog)
                  .build());
      server.start();
      kubeconfig = server.getKubeConfigYaml();
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "control-plane-stop"));
      try (KubernetesClient admin = adminClient()) {
        installCrds(admin);
      }
    }
    return kubeconfig;
  }

  /**
   * The API server's audit log (JSON lines, written as requests complete), once the control plane
   * has started.
   */
  public static synchronized Path auditLog() {
    kubeconfig();
    return auditLog;
  }

  /** In a directory of its own under target/, so that each JVM's control plane has its own. */
  private static Path writeAuditPolicy() {
    try {
      Path dir =
          Files.createTempDirectory(Files.createDirectories(Path.of("target")), "control-plane-");
      Path policy = Files.writeString(dir.resolve("audit-policy.yaml"), AUDIT_POLICY);
      auditLog = dir.resolve("audit.log").toAbsolutePath();
      return policy.toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The admin kubeconfig written to a file, for tools that take a path (kubectl, helm). */
  public static synchronized Path kubeconfigFile() {
    if (kubeconfigFile == null) {
      try {
        kubeconfigFile = Files.createTempFile("rempart-it-", ".kubeconfig");
        Files.writeString(kubeconfigFile, kubeconfig());
        kubeconfigFile.toFile().deleteOnExit();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return kubeconfigFile;
  }

  /** A client with full rights (for test set-up and for observing). */
  public static KubernetesClient adminClient() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** The admin client configuration; tests may derive impersonating configurations from it. */
  public static Config config() {
    return Config.fromKubeconfig(kubeconfig());
  }

  /** The repository root (crds/, examples/, helm/). */
  public static Path repositoryRoot() {
    return Path.of(System.getProperty("rempart.repository.root", ".."))
        .toAbsolutePath()
        .normalize();
  }

  private static void installCrds(KubernetesClient client) {
    try (Stream<Path> files = Files.list(repositoryRoot().resolve("crds"))) {
      List<Path> crds = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      for (Path file : crds) {
        CustomResourceDefinition crd =
            client.apiextensions().v1().customResourceDefinitions().load(file.toFile()).item();
        client.resource(crd).fieldManager("rempart-tests").forceConflicts().serverSideApply();
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
                            .anyMatch(
                                cond ->
                                    "Established".equals(cond.getType())
                                        && "True".equals(cond.getStatus())),
                30,
                TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
