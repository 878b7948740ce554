package dev.rempart.it;

import static dev.rempart.it.Fixtures.namespace;
import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rempart.api.v1alpha1.OldestCriticalFinding;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The age of the oldest open critical finding (clause 7.1's starting signal, and the 15-minute
 * alert's) survives a restart or a change of leader: the next operator reads the first-seen time
 * from the baseline's status instead of starting the clock again.
 */
class CriticalFindingAgeIT {
  private static final Duration WAIT = Duration.ofSeconds(45);

  @Test
  void theNextOperatorKeepsCountingFromWhenTheFindingWasFirstSeen() throws Exception {
    try (KubernetesClient admin = ControlPlane.adminClient()) {
      String label = unique("age");
      String ns = unique("legacy");
      namespace(admin, ns, Map.of(label, "true"));
      admin.resource(privilegedDeployment(ns)).create();
      String baseline = unique("age");
      admin
          .resource(
              Fixtures.baseline(
                  """
                  apiVersion: rempart.dev/v1alpha1
                  kind: SecurityBaseline
                  metadata: {name: %s}
                  spec:
                    mode: Audit
                    namespaceSelector: {matchLabels: {%s: "true"}}
                    podSecurity: {level: restricted, labelNamespaces: false}
                  """
                      .formatted(baseline, label)))
          .create();

      OldestCriticalFinding recorded;
      try (RunningOperator first = RunningOperator.startUnderChartRbac()) {
        await().atMost(WAIT).until(() -> oldest(admin, baseline) != null);
        recorded = oldest(admin, baseline);
      }
      assertThat(recorded.getCheck()).isEqualTo("privileged");
      assertThat(recorded.getName()).isEqualTo("legacy");
      Instant since = Instant.parse(recorded.getSince());
      Thread.sleep(3000);

      try (RunningOperator next = RunningOperator.startUnderChartRbac()) {
        await().atMost(WAIT).until(() -> age(next, baseline) > 0);
        double age = age(next, baseline);
        double expected = Duration.between(since, Instant.now()).toMillis() / 1000.0;
        assertThat(age)
            .as("age after a restart, %.1f s since first seen", expected)
            .isGreaterThanOrEqualTo(3.0)
            .isCloseTo(expected, org.assertj.core.data.Offset.offset(5.0));
        assertThat(oldest(admin, baseline)).isEqualTo(recorded);
      }
      admin.resources(SecurityBaseline.class).withName(baseline).delete();
    }
  }

  private static OldestCriticalFinding oldest(KubernetesClient admin, String baseline) {
    SecurityBaseline b = admin.resources(SecurityBaseline.class).withName(baseline).get();
    return b == null || b.getStatus() == null || b.getStatus().getSummary() == null
        ? null
        : b.getStatus().getSummary().getOldestCritical();
  }

  private static double age(RunningOperator operator, String baseline) {
    Gauge gauge =
        operator
            .operator()
            .metrics()
            .registry()
            .find("rempart.oldest.critical.finding.age")
            .tag("baseline", baseline)
            .gauge();
    return gauge == null ? 0 : gauge.value();
  }

  private static io.fabric8.kubernetes.api.model.HasMetadata privilegedDeployment(String ns) {
    return ManifestReader.parse(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: legacy, namespace: %s}
            spec:
              selector: {matchLabels: {app: legacy}}
              template:
                metadata: {labels: {app: legacy}}
                spec:
                  containers:
                    - name: app
                      image: registry.example.com/legacy:1.0
                      securityContext: {privileged: true}
            """
                .formatted(ns))
        .get(0);
  }
}
