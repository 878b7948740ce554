package dev.rempart.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Background churn: pods created across the governed namespaces at a steady rate (and deleted again
 * a few seconds later), bounded in count, until closed.
 */
final class Churn implements AutoCloseable {
  private static final int MAX_PODS = 20_000;
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
  private final AtomicInteger created = new AtomicInteger();

  private Churn() {}

  static Churn start(KubernetesClient client, int namespaces, int perSecond) {
    Churn churn = new Churn();
    long period = 1_000_000L / perSecond;
    churn.timer.scheduleAtFixedRate(
        () -> churn.createOne(client, namespaces), 0, period, TimeUnit.MICROSECONDS);
    return churn;
  }

  private void createOne(KubernetesClient client, int namespaces) {
    int i = created.getAndIncrement();
    if (i >= MAX_PODS) {
      return;
    }
    String ns = "gov-" + (i * 7919) % namespaces;
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("churn-" + i)
            .withNamespace(ns)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("app")
            .withImage("registry.example/app:1.0")
            .withNewSecurityContext()
            .withAllowPrivilegeEscalation(false)
            .withRunAsNonRoot(true)
            .withNewCapabilities()
            .addToDrop("ALL")
            .endCapabilities()
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile()
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();
    try {
      client.resource(pod).create();
      timer.schedule(() -> delete(client, pod), 5, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      // The churn is background load: one failed pod does not matter.
    }
  }

  private void delete(KubernetesClient client, Pod pod) {
    try {
      client.resource(pod).withGracePeriod(0).delete();
    } catch (RuntimeException e) {
      // idem
    }
  }

  int created() {
    return Math.min(created.get(), MAX_PODS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
