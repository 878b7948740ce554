package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rempart.it.ControlPlane;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The body check against a real API server (which the JDK client speaks HTTP/2 to): a write let
 * through by the interceptor and refused at its body reaches its caller as a fenced write and is
 * not applied; writes the fence allows, and a DELETE with an empty body, are applied.
 */
class BodyFenceIT {
  private static final String NAMESPACE =
      "body-fence-" + UUID.randomUUID().toString().substring(0, 6);
  private static KubernetesClient admin;

  @BeforeAll
  static void namespace() {
    admin = ControlPlane.adminClient();
    admin
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
  }

  @AfterAll
  static void close() {
    if (admin != null) {
      admin.namespaces().withName(NAMESPACE).delete();
      admin.close();
    }
  }

  @Test
  void aWriteRefusedAtItsBodyIsFencedAndNotApplied() throws Exception {
    // Each look at the monotonic clock is 6 s later: the interceptor's check (6 s after the
    // renewal) lets the write through, the body's (12 s) refuses it, as after a pause between them.
    AtomicLong looks = new AtomicLong();
    LeaseFence fence =
        new LeaseFence(
            "rempart",
            "rempart-leader",
            "me",
            Duration.ofSeconds(10),
            () -> looks.incrementAndGet() * Duration.ofSeconds(6).toNanos(),
            Clock.fixed(Instant.now(), ZoneOffset.UTC));
    fence.renewed(0, Instant.now());
    try (KubernetesClient plain = ControlPlane.adminClient();
        KubernetesClient client = fence.fenced(plain)) {
      assertThatThrownBy(() -> client.resource(policy("refused")).create())
          .satisfies(e -> assertThat(LeaseFence.refused(e)).as(e.toString()).isTrue())
          .hasMessageContaining("refused before sending its body");
    }
    assertThat(looks).as("checked by the interceptor, then at the body").hasValue(2);
    assertThat(admin.network().networkPolicies().inNamespace(NAMESPACE).withName("refused").get())
        .as("not applied")
        .isNull();
    List<String> seen =
        Files.readAllLines(ControlPlane.auditLog()).stream()
            .filter(
                l -> l.contains("\"namespace\":\"" + NAMESPACE + "\"") && l.contains("\"refused\""))
            .toList();
    System.out.println("BodyFenceIT: the API server's audit log of the refused write: " + seen);
    assertThat(seen).noneMatch(l -> l.contains("\"code\":201") || l.contains("\"code\":200"));
  }

  @Test
  void writesTheFenceAllowsAreAppliedAndSoIsADeleteWithAnEmptyBody() throws Exception {
    LeaseFence fence =
        new LeaseFence(
            "rempart",
            "rempart-leader",
            "me",
            Duration.ofSeconds(10),
            System::nanoTime,
            Clock.systemUTC());
    fence.renewed(System.nanoTime(), Instant.now());
    try (KubernetesClient plain = ControlPlane.adminClient();
        KubernetesClient client = fence.fenced(plain)) {
      client.resource(policy("allowed")).create();
      client
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("emptied")
                  .withNamespace(NAMESPACE)
                  .endMetadata()
                  .build())
          .create();
      var http = client.getHttpClient();
      var delete =
          http.newHttpRequestBuilder()
              .uri(client.getMasterUrl() + "api/v1/namespaces/" + NAMESPACE + "/configmaps/emptied")
              .delete("application/json", "")
              .build();
      var answer = http.sendAsync(delete, String.class).get(30, TimeUnit.SECONDS);
      assertThat(answer.code()).as(answer.body()).isEqualTo(200);
    }
    assertThat(admin.network().networkPolicies().inNamespace(NAMESPACE).withName("allowed").get())
        .isNotNull();
    assertThat(admin.configMaps().inNamespace(NAMESPACE).withName("emptied").get())
        .as("deleted by a DELETE with an empty body")
        .isNull();
  }

  private static NetworkPolicy policy(String name) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .endPodSelector()
        .withPolicyTypes("Ingress")
        .endSpec()
        .build();
  }
}
