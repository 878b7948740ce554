package dev.rempart.it;

import static dev.rempart.it.Fixtures.namespace;
import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.operator.OperatorSettings;
import dev.rempart.operator.RempartOperator;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two operators, each under the chart's ServiceAccount, elect a leader through a Lease in the
 * release namespace (where the chart's Role allows it). When the leader dies without releasing the
 * lease, the other takes over once the lease expires (15 s) and repairs the drift made meanwhile;
 * when the leader shuts down gracefully, it releases the lease and the other takes over at once.
 */
class LeaderElectionIT {
  private static final String POLICY = "rempart-default-deny";
  private static KubernetesClient admin;
  private static ChartRbac.Subject subject;

  @BeforeAll
  static void start() {
    admin = ControlPlane.adminClient();
    subject = ChartRbac.apply(admin, "rempart-ha");
  }

  @AfterAll
  static void stop() {
    admin.close();
  }

  /** One operator instance with its own client, as one replica would have. */
  private record Replica(KubernetesClient client, RempartOperator operator, CountDownLatch lost)
      implements AutoCloseable {
    static Replica start(String lease) {
      Config config = subject.impersonating(ControlPlane.config());
      KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
      CountDownLatch lost = new CountDownLatch(1);
      RempartOperator operator =
          RempartOperator.start(
              client,
              OperatorSettings.defaults().withOnLeaseLost(lost::countDown),
              subject.namespace(),
              lease);
      return new Replica(client, operator, lost);
    }

    /** Dies abruptly: its connection goes, the lease is not released. */
    void crash() {
      client.close();
    }

    @Override
    public void close() {
      try {
        operator.close();
      } catch (RuntimeException e) {
        // A crashed replica's client is closed already; nothing to release.
      }
      client.close();
    }
  }

  private static Lease lease(String name) {
    return admin.leases().inNamespace(subject.namespace()).withName(name).get();
  }

  private static NetworkPolicy policy(String ns) {
    return admin.network().v1().networkPolicies().inNamespace(ns).withName(POLICY).get();
  }

  private static String holder(String lease) {
    Lease l = lease(lease);
    return l == null || l.getSpec() == null ? null : l.getSpec().getHolderIdentity();
  }

  @Test
  void theFollowerTakesOverWithinTheLeaseDurationAndRepairsDriftMadeDuringTheSwitch()
      throws Exception {
    String lease = unique("lease");
    String label = unique("ha");
    String ns = unique("ha");
    namespace(admin, ns, Map.of(label, "true"));
    String baseline = unique("ha");

    Replica first = Replica.start(lease);
    await().atMost(Duration.ofSeconds(60)).until(() -> holder(lease) != null);
    String firstHolder = holder(lease);
    Replica second = Replica.start(lease);
    Replica third = null;
    try {
      admin
          .resource(
              Fixtures.baseline(
                  """
                  apiVersion: rempart.dev/v1alpha1
                  kind: SecurityBaseline
                  metadata: {name: %s}
                  spec:
                    mode: Enforce
                    namespaceSelector: {matchLabels: {%s: "true"}}
                    network: {allowDNS: false}
                  """
                      .formatted(baseline, label)))
          .create();
      await().atMost(Duration.ofSeconds(60)).until(() -> policy(ns) != null);
      assertThat(holder(lease)).as("the first replica still leads").isEqualTo(firstHolder);

      // The leader dies without releasing the lease; a drift happens while nobody leads.
      long crashed = System.nanoTime();
      first.crash();
      admin.network().v1().networkPolicies().inNamespace(ns).withName(POLICY).delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> policy(ns) == null);

      await().atMost(Duration.ofSeconds(40)).until(() -> policy(ns) != null);
      long failoverMillis = (System.nanoTime() - crashed) / 1_000_000;
      String secondHolder = holder(lease);
      System.out.printf(
          "LeaderElectionIT: crash to repair by the new leader: %d ms (lease 15 s)%n",
          failoverMillis);
      assertThat(secondHolder).isNotNull().isNotEqualTo(firstHolder);
      assertThat(failoverMillis)
          .as("the lease (15 s) expires, the follower acquires it (retry 2 s) and repairs")
          .isLessThan(25_000);
      assertThat(first.lost().await(30, TimeUnit.SECONDS))
          .as("the crashed replica learns it lost the lease (in production: the process exits)")
          .isTrue();

      // A graceful shutdown releases the lease: a new follower takes over without waiting 15 s.
      third = Replica.start(lease);
      Thread.sleep(3_000); // the third replica is running and polling the lease
      long closed = System.nanoTime();
      second.close();
      admin.network().v1().networkPolicies().inNamespace(ns).withName(POLICY).delete();
      await().atMost(Duration.ofSeconds(40)).until(() -> policy(ns) != null);
      long handoverMillis = (System.nanoTime() - closed) / 1_000_000;
      System.out.printf(
          "LeaderElectionIT: graceful close to repair by the new leader: %d ms%n", handoverMillis);
      assertThat(holder(lease)).isNotNull().isNotEqualTo(secondHolder);
      assertThat(handoverMillis)
          .as("released lease: taken within the retry period, well before the 15 s expiry")
          .isLessThan(8_000);
      assertThat(second.lost().getCount())
          .as("a graceful shutdown is not a lost lease")
          .isEqualTo(1);

      admin.resources(SecurityBaseline.class).withName(baseline).delete();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> admin.resources(SecurityBaseline.class).withName(baseline).get() == null);
    } finally {
      first.close();
      second.close();
      if (third != null) {
        third.close();
      }
    }
  }
}
