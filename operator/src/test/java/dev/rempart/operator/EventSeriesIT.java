package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.it.ChartRbac;
import dev.rempart.it.ControlPlane;
import dev.rempart.it.Fixtures;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Events stay readable on the real API server: the same drift reported a thousand times within a
 * minute is one Event series whose count is a thousand, written a handful of times, not a thousand
 * Events — written as the chart's ServiceAccount, under the RBAC the chart ships.
 */
class EventSeriesIT {
  @Test
  void aThousandIdenticalEventsInAMinuteAreOneSeriesWithACount() {
    try (KubernetesClient admin = ControlPlane.adminClient()) {
      String name = Fixtures.unique("noisy");
      SecurityBaseline baseline =
          admin
              .resource(
                  Fixtures.baseline(
                      """
                      apiVersion: rempart.dev/v1alpha1
                      kind: SecurityBaseline
                      metadata: {name: %s}
                      spec:
                        namespaceSelector: {matchLabels: {%s: "true"}}
                      """
                          .formatted(name, Fixtures.unique("none"))))
              .create();
      // As the chart's ServiceAccount: Events are written under exactly the RBAC the chart ships
      // (create and patch, no get).
      ChartRbac.Subject operator = ChartRbac.apply(admin, Fixtures.unique("rempart-events"));
      try (KubernetesClient asOperator =
              new KubernetesClientBuilder()
                  .withConfig(operator.impersonating(ControlPlane.config()))
                  .build();
          EventRecorder events = new EventRecorder(asOperator, Clock.systemUTC(), "test")) {
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
          events.warning(
              baseline, "DriftDetected", "NetworkPolicy a/rempart-default-deny was deleted.");
          events.normal(baseline, "Remediated", "Restored NetworkPolicy a/rempart-default-deny.");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMinutes(1));

        await()
            .atMost(Duration.ofSeconds(20))
            .untilAsserted(
                () -> {
                  List<Event> series = eventsOf(admin, name);
                  assertThat(series)
                      .extracting(Event::getReason)
                      .containsExactlyInAnyOrder("DriftDetected", "Remediated");
                  assertThat(series).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1000));
                });
      }
      admin.resource(baseline).delete();
    }
  }

  private static List<Event> eventsOf(KubernetesClient admin, String baseline) {
    return admin.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> baseline.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
