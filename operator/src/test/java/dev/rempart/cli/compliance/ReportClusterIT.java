package dev.rempart.cli.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rempart report} against a real kube-apiserver: listing, baseline choice, Secrets. */
class ReportClusterIT {
  private static final Path ROOT = Path.of(System.getProperty("rempart.repository.root", ".."));
  private static KubeAPIServer server;
  private static KubernetesClient client;
  @TempDir static Path dir;
  private static Path kubeconfig;

  @BeforeAll
  static void startApiServer() throws Exception {
    server =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withApiServerVersion(System.getProperty("rempart.k8s.version", "1.34.4"))
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .build());
    server.start();
    kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(kubeconfig, server.getKubeConfigYaml());
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(server.getKubeConfigYaml()))
            .build();
    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .load(Files.newInputStream(ROOT.resolve("crds/securitybaselines.rempart.dev.yaml")))
            .item();
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
                        .anyMatch(
                            x -> x.getType().equals("Established") && x.getStatus().equals("True")),
            30,
            TimeUnit.SECONDS);
    List<HasMetadata> objects =
        ManifestReader.parse(
            """
            apiVersion: v1
            kind: Namespace
            metadata: {name: shop, labels: {rempart.dev/governed: "true"}}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: pay, labels: {rempart.dev/governed: "true"}}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny, namespace: shop}
            spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
            ---
            apiVersion: v1
            kind: Secret
            metadata: {name: db-password, namespace: pay, labels: {app: db}}
            stringData: {password: hunter2}
            ---
            apiVersion: v1
            kind: ServiceAccount
            metadata: {name: legacy, namespace: pay}
            ---
            apiVersion: v1
            kind: Secret
            type: kubernetes.io/service-account-token
            metadata:
              name: legacy-token
              namespace: pay
              annotations: {kubernetes.io/service-account.name: legacy}
            stringData: {token: s3cr3t-t0ken}
            ---
            apiVersion: rempart.dev/v1alpha1
            kind: SecurityBaseline
            metadata: {name: addendum}
            spec:
              mode: Audit
              namespaceSelector: {matchLabels: {rempart.dev/governed: "true"}}
              network: {}
            """);
    for (HasMetadata o : objects) {
      client.resource(o).create();
    }
  }

  @AfterAll
  static void stopApiServer() {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  private static CliRun.Result report(String... args) {
    String[] full = new String[args.length + 1];
    full[0] = "report";
    System.arraycopy(args, 0, full, 1, args.length);
    return CliRun.run(
        cli ->
            ((ReportCommand) cli.getSubcommands().get("report").getCommand()).clock =
                Clock.fixed(Instant.parse("2026-01-15T10:00:00Z"), ZoneOffset.UTC),
        full);
  }

  @Test
  void reportsTheClusterAgainstItsOnlyBaseline() throws Exception {
    CliRun.Result r = report("--kubeconfig", kubeconfig.toString(), "-o", "json");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.at("/source/kind").asText()).isEqualTo("cluster");
    assertThat(json.at("/baseline/name").asText()).isEqualTo("addendum");
    assertThat(json.at("/baseline/origin").asText()).isEqualTo("the cluster");
    assertThat(json.at("/baseline/generation").asLong()).isEqualTo(1);
    assertThat(json.get("governedNamespaces").toString()).isEqualTo("[\"pay\",\"shop\"]");
    JsonNode c44 = null;
    for (JsonNode c : json.get("clauses")) {
      if (c.get("clause").asText().equals("4.4")) {
        c44 = c;
      }
    }
    assertThat(c44.get("status").asText()).isEqualTo("non-compliant");
    assertThat(c44.at("/findings/0/resource/name").asText()).isEqualTo("pay");
    assertThat(c44.at("/evidence/0/examined/NetworkPolicy").asInt()).isEqualTo(1);
    assertThat(r.out()).doesNotContain("hunter2", "s3cr3t-t0ken");
    assertThat(json.get("notes").toString()).contains("listed by metadata only");
  }

  @Test
  void withoutTheSnapshotCrdsClauseEightIsStillVerified() throws Exception {
    Path baseline = Files.createTempFile("baseline", ".yaml");
    Files.writeString(
        baseline,
        """
        apiVersion: rempart.dev/v1alpha1
        kind: SecurityBaseline
        # Older than the cluster's baseline, which selects the same namespaces: this one acts.
        metadata: {name: deletion, creationTimestamp: "2000-01-01T00:00:00Z"}
        spec:
          namespaceSelector: {matchLabels: {rempart.dev/governed: "true"}}
          dataDeletion: {}
        """);
    CliRun.Result r =
        report(
            "--kubeconfig", kubeconfig.toString(), "--baseline", baseline.toString(), "-o", "json");
    assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.OK);
    JsonNode json = new ObjectMapper().readTree(r.out());
    JsonNode c8 = null;
    for (JsonNode c : json.get("clauses")) {
      if (c.get("clause").asText().equals("8.1, 8.2")) {
        c8 = c;
      }
    }
    // No namespace is offboarded; the absent snapshot API means no snapshot, not a blind spot.
    assertThat(c8.get("status").asText()).as(c8.toString()).isEqualTo("compliant");
    assertThat(json.get("notes").toString()).contains("does not serve snapshot.storage.k8s.io/v1");
  }

  @Test
  void aBaselineNamedThatIsNotThereIsAUsageError() {
    CliRun.Result r = report("--kubeconfig", kubeconfig.toString(), "--baseline", "nope");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("no", "addendum");
  }

  @Test
  void secretsAreListedByMetadataOnly() {
    List<Secret> secrets =
        SecretMetadata.list(client).stream()
            .filter(x -> x.getMetadata().getNamespace().equals("pay"))
            .toList();
    // Every Secret (the data deletion needs their names); tokens typed, for the access control.
    assertThat(secrets)
        .extracting(x -> x.getMetadata().getName())
        .containsExactlyInAnyOrder("legacy-token", "db-password");
    Secret other =
        secrets.stream()
            .filter(x -> x.getMetadata().getName().equals("db-password"))
            .findFirst()
            .orElseThrow();
    assertThat(other.getType()).isNull();
    assertThat(other.getData()).isNullOrEmpty();
    Secret token =
        secrets.stream()
            .filter(x -> x.getMetadata().getName().equals("legacy-token"))
            .findFirst()
            .orElseThrow();
    assertThat(token.getType()).isEqualTo("kubernetes.io/service-account-token");
    assertThat(token.getMetadata().getNamespace()).isEqualTo("pay");
    assertThat(token.getMetadata().getAnnotations())
        .containsEntry("kubernetes.io/service-account.name", "legacy");
    assertThat(token.getData()).isNullOrEmpty();
    assertThat(token.getStringData()).isNullOrEmpty();
    // The API server itself sent metadata only: the data never left it.
    JsonNode page = SecretMetadata.page(client, null, null);
    assertThat(page.get("kind").asText()).isEqualTo("PartialObjectMetadataList");
    assertThat(page.toString())
        .doesNotContain("s3cr3t-t0ken", "czNjcjN0LXQwa2Vu", "hunter2", "\"data\"");
  }
}
