package dev.rempart.faults;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * etcd and kube-apiserver as processes this test controls, unlike kube-api-test's: the API server
 * can be killed and started again on the same etcd data, etcd can be paused (SIGSTOP) and resumed,
 * restarted and compacted. Binaries come from {@code ~/.kubeapitest} (as for every integration
 * test); nothing is downloaded.
 *
 * <p>Clients authenticate with static bearer tokens ({@code --token-auth-file}): an admin in {@code
 * system:masters}, and one token per operator process, all with the chart's ServiceAccount as user
 * name (so the chart's RBAC bindings apply to them as to the real pod) but each with a UID of its
 * own, which the API server's audit log records: that is how the fencing test tells which process
 * made a write. The audit log keeps the operators' requests only (policy below).
 */
final class FaultControlPlane implements AutoCloseable {
  static final String ADMIN_TOKEN = "fault-admin-token";

  private final Path dir;
  private final Path binaries;
  private final Map<String, String> operatorTokens;
  private final List<String> extraApiServerFlags;
  private final int etcdPort = freePort();
  private final int etcdPeerPort = freePort();
  private final int apiPort = freePort();
  private Process etcd;
  private Process apiServer;
  private Process controllerManager;

  private FaultControlPlane(
      Path dir, Map<String, String> operatorTokens, List<String> extraApiServerFlags) {
    this.dir = dir;
    this.operatorTokens = operatorTokens;
    this.extraApiServerFlags = extraApiServerFlags;
    this.binaries =
        Path.of(
            System.getProperty("user.home"),
            ".kubeapitest",
            "k8s",
            System.getProperty("rempart.k8s.version", "1.34.4") + "-linux-amd64");
  }

  /**
   * Starts etcd and the API server.
   *
   * @param name a directory under target/faults for data and logs
   * @param serviceAccount the user name operators authenticate as (the chart's ServiceAccount)
   * @param operators how many operator tokens to issue ({@link #operatorToken})
   */
  static FaultControlPlane start(
      String name, String serviceAccount, int operators, String... extraApiServerFlags) {
    try {
      Path dir = Path.of("target", "faults", name).toAbsolutePath();
      deleteRecursively(dir); // a fresh etcd and audit log: nothing from an earlier run
      Files.createDirectories(dir);
      Map<String, String> tokens = new LinkedHashMap<>();
      for (int i = 1; i <= operators; i++) {
        tokens.put("operator-" + i, "fault-operator-token-" + i);
      }
      FaultControlPlane plane = new FaultControlPlane(dir, tokens, List.of(extraApiServerFlags));
      plane.writeCredentials(serviceAccount);
      plane.startEtcd();
      plane.startApiServer();
      return plane;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the service-account signing key", e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private void writeCredentials(String serviceAccount)
      throws IOException, GeneralSecurityException {
    StringBuilder csv = new StringBuilder();
    csv.append(ADMIN_TOKEN).append(",fault-admin,fault-admin,\"system:masters\"\n");
    String namespace = serviceAccount.split(":")[2];
    operatorTokens.forEach(
        (uid, token) ->
            csv.append(token)
                .append(',')
                .append(serviceAccount)
                .append(',')
                .append(uid)
                .append(",\"system:serviceaccounts,system:serviceaccounts:")
                .append(namespace)
                .append("\"\n"));
    Files.writeString(dir.resolve("tokens.csv"), csv);
    // Every request of the operators, once, when answered; nobody else's.
    Files.writeString(
        dir.resolve("audit-policy.yaml"),
        """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: [RequestReceived, ResponseStarted]
        rules:
        - level: Metadata
          users: ["%s"]
        - level: None
        """
            .formatted(serviceAccount));
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair keys = generator.generateKeyPair();
    Files.writeString(dir.resolve("sa.key"), pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
    Files.writeString(dir.resolve("sa.pub"), pem("PUBLIC KEY", keys.getPublic().getEncoded()));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  void startEtcd() {
    etcd =
        launch(
            "etcd",
            List.of(
                binaries.resolve("etcd").toString(),
                "--data-dir",
                dir.resolve("etcd-data").toString(),
                "--listen-client-urls",
                etcdUrl(),
                "--advertise-client-urls",
                etcdUrl(),
                "--listen-peer-urls",
                "http://127.0.0.1:" + etcdPeerPort,
                "--initial-advertise-peer-urls",
                "http://127.0.0.1:" + etcdPeerPort,
                "--initial-cluster",
                "default=http://127.0.0.1:" + etcdPeerPort));
    await("etcd", () -> httpStatus(etcdUrl() + "/health") == 200);
  }

  void startApiServer() {
    List<String> command =
        new ArrayList<>(
            List.of(
                binaries.resolve("kube-apiserver").toString(),
                "--etcd-servers=" + etcdUrl(),
                "--secure-port=" + apiPort,
                "--bind-address=127.0.0.1",
                "--advertise-address=127.0.0.1",
                "--cert-dir=" + dir.resolve("certs"),
                "--authorization-mode=RBAC",
                "--token-auth-file=" + dir.resolve("tokens.csv"),
                "--service-account-issuer=https://localhost",
                "--service-account-signing-key-file=" + dir.resolve("sa.key"),
                "--service-account-key-file=" + dir.resolve("sa.pub"),
                "--disable-admission-plugins=ServiceAccount",
                "--service-cluster-ip-range=10.0.0.0/24",
                "--allow-privileged=true",
                "--audit-log-path=" + auditLog(),
                "--audit-policy-file=" + dir.resolve("audit-policy.yaml")));
    command.addAll(extraApiServerFlags);
    apiServer = launch("kube-apiserver", command);
    awaitApiServer();
  }

  /** Waits until the API server answers /readyz (it is not up before etcd answers). */
  void awaitApiServer() {
    await(
        "kube-apiserver",
        () -> {
          try (KubernetesClient admin = adminClient()) {
            return "ok".equals(admin.raw("/readyz"));
          } catch (RuntimeException e) {
            return false;
          }
        });
  }

  /**
   * Starts kube-controller-manager beside the API server with only the namespace controller and the
   * garbage collector (what deleting a namespace needs: the first empties a terminating namespace
   * and removes its finalizer, the second deletes what an owner's deletion orphans). Without it a
   * deleted namespace stays Terminating for ever. It authenticates as the admin (one client for
   * every controller: no service-account credentials, so no token controller), and talks faster
   * than its default 20 requests a second: emptying one namespace is a list and a delete per
   * namespaced resource type.
   */
  void startControllerManager() {
    Path binary =
        Path.of(
            System.getProperty("user.home"),
            ".cache/rempart/bin/kube-controller-manager-v"
                + System.getProperty("rempart.k8s.version", "1.34.4"));
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(
          binary + " is missing: build it with hack/controller-manager-binary.sh (make tools)");
    }
    controllerManager =
        launch(
            "kube-controller-manager",
            List.of(
                binary.toString(),
                "--kubeconfig=" + kubeconfig("controller-manager", ADMIN_TOKEN, apiPort),
                "--controllers=namespace-controller,garbage-collector-controller",
                "--use-service-account-credentials=false",
                "--leader-elect=false",
                "--secure-port=0",
                "--kube-api-qps=200",
                "--kube-api-burst=400"));
  }

  /** SIGKILL: the API server dies at once, without closing its connections. */
  void killApiServer() throws InterruptedException {
    apiServer.destroyForcibly();
    apiServer.waitFor(30, TimeUnit.SECONDS);
  }

  void killEtcd() throws InterruptedException {
    etcd.destroyForcibly();
    etcd.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGSTOP: etcd stalls; connections stay open, nothing answers. */
  void pauseEtcd() {
    Signals.send(etcd.pid(), "STOP");
  }

  void resumeEtcd() {
    Signals.send(etcd.pid(), "CONT");
  }

  /**
   * Compacts etcd at its current revision through its gRPC gateway: every watch from an older
   * resource version then ends with 410 Gone ("too old resource version"). Returns the revision.
   */
  long compact() throws IOException, InterruptedException {
    // A range of one key returns the store's current revision in its header.
    String range =
        post(
            "/v3/kv/range",
            "{\"key\":\"" + Base64.getEncoder().encodeToString("/".getBytes()) + "\"}");
    Matcher m = Pattern.compile("\"revision\":\"(\\d+)\"").matcher(range);
    if (!m.find()) {
      throw new IllegalStateException("no revision in etcd's answer: " + range);
    }
    long revision = Long.parseLong(m.group(1));
    post("/v3/kv/compaction", "{\"revision\":\"" + revision + "\",\"physical\":true}");
    return revision;
  }

  /**
   * Deletes a key straight in etcd, behind the API server's back: what a write through another API
   * server instance looks like to this one (in an HA control plane, one instance restarts while the
   * others take writes). Returns how many keys were deleted.
   */
  int deleteInEtcd(String key) throws IOException, InterruptedException {
    String answer =
        post(
            "/v3/kv/deleterange",
            "{\"key\":\"" + Base64.getEncoder().encodeToString(key.getBytes()) + "\"}");
    Matcher m = Pattern.compile("\"deleted\":\"(\\d+)\"").matcher(answer);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  private String post(String path, String body) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(etcdUrl() + path))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(path + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  long apiServerPid() {
    return apiServer.pid();
  }

  long etcdPid() {
    return etcd.pid();
  }

  int apiPort() {
    return apiPort;
  }

  Path auditLog() {
    return dir.resolve("audit.log");
  }

  Path dir() {
    return dir;
  }

  /** The token of operator {@code i} (1-based); its audit-log UID is {@code operator-i}. */
  String operatorToken(int i) {
    return operatorTokens.get("operator-" + i);
  }

  /** A kubeconfig for operator {@code i} that reaches the API server at {@code port}. */
  Path operatorKubeconfig(int i, int port) {
    return kubeconfig("operator-" + i + "-" + port, operatorToken(i), port);
  }

  private Path kubeconfig(String name, String token, int port) {
    String yaml =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: faults
          cluster: {server: "https://127.0.0.1:%d", insecure-skip-tls-verify: true}
        users:
        - name: user
          user: {token: "%s"}
        contexts:
        - name: faults
          context: {cluster: faults, user: user}
        current-context: faults
        """
            .formatted(port, token);
    try {
      return Files.writeString(dir.resolve(name + ".kubeconfig"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  KubernetesClient adminClient() {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("https://127.0.0.1:" + apiPort)
            .withTrustCerts(true)
            .withOauthToken(ADMIN_TOKEN)
            .withRequestTimeout(10_000)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private String etcdUrl() {
    return "http://127.0.0.1:" + etcdPort;
  }

  private Process launch(String name, List<String> command) {
    try {
      Path log = dir.resolve(name + ".log");
      return new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " from " + binaries, e);
    }
  }

  private static int httpStatus(String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private void await(String what, java.util.function.BooleanSupplier up) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (up.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(what + " did not start within 90 s; see " + dir);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (controllerManager != null) {
      controllerManager.destroyForcibly();
      controllerManager.waitFor(30, TimeUnit.SECONDS);
    }
    if (apiServer != null) {
      killApiServer();
    }
    if (etcd != null) {
      killEtcd();
    }
  }
}
