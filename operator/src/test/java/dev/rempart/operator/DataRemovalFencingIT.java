package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Evaluator;
import dev.rempart.core.Removal;
import dev.rempart.core.Snapshot;
import dev.rempart.io.ManifestReader;
import dev.rempart.it.ControlPlane;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A deposed leader deletes no data: the round was fenced when it began, but the lease is asked
 * again before each deletion, since a deletion cannot be undone. Runs the remediator itself on a
 * real API server with a lease check that says no, then yes.
 */
class DataRemovalFencingIT {
  @Test
  void dataIsDeletedOnlyWhileThisInstanceLeads() {
    Clock clock = Clock.systemUTC();
    String ns = "fenced-" + UUID.randomUUID().toString().substring(0, 8);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (KubernetesClient client = ControlPlane.adminClient()) {
      client
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(ns)
                  .withLabels(Map.of("fenced", ns))
                  .withAnnotations(
                      Map.of(
                          "rempart.dev/offboarded-at",
                          LocalDate.now(ZoneOffset.UTC).minusDays(60).toString()))
                  .endMetadata()
                  .build())
          .create();
      client
          .resource(
              new ConfigMapBuilder()
                  .withNewMetadata()
                  .withName("settings")
                  .withNamespace(ns)
                  .endMetadata()
                  .build())
          .create();
      client
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName("db")
                  .withNamespace(ns)
                  .endMetadata()
                  .withStringData(Map.of("k", "v"))
                  .build())
          .create();
      SecurityBaseline baseline =
          (SecurityBaseline)
              ManifestReader.parse(
                      """
                      apiVersion: rempart.dev/v1alpha1
                      kind: SecurityBaseline
                      metadata: {name: fenced}
                      spec:
                        mode: Enforce
                        namespaceSelector: {matchLabels: {fenced: %s}}
                        dataDeletion: {deleteData: true}
                      """
                          .formatted(ns))
                  .get(0);
      List<HasMetadata> objects = new ArrayList<>();
      objects.add(client.namespaces().withName(ns).get());
      objects.addAll(client.configMaps().inNamespace(ns).list().getItems());
      objects.addAll(client.secrets().inNamespace(ns).list().getItems());
      EvaluationResult result =
          Evaluator.standard()
              .evaluate(baseline, Snapshot.builder().addAll(objects).build(), clock);
      assertThat(result.removals())
          .extracting(Removal::ref)
          .extracting(r -> r.display())
          .contains("ConfigMap " + ns + "/settings", "Secret " + ns + "/db");

      AtomicBoolean leading = new AtomicBoolean(false);
      EventRecorder events = new EventRecorder(client, clock, "fencing-test", leading::get);
      Remediator remediator =
          new Remediator(
              client,
              new WriteLedger(),
              events,
              new OperatorMetrics(clock),
              pool,
              new RevertTracker(RepairBackoff.defaults(), clock),
              new OperatorRecord(client, RecordSettings.off(), clock, events),
              leading::get,
              new WritePriority());

      Remediator.Outcome deposed = remediator.remediate(baseline, result);
      assertThat(client.configMaps().inNamespace(ns).withName("settings").get()).isNotNull();
      assertThat(client.secrets().inNamespace(ns).withName("db").get()).isNotNull();
      assertThat(deposed.unrepaired()).hasSize(result.removals().size());
      assertThat(deposed.errors()).isEmpty();

      leading.set(true);
      Remediator.Outcome leader = remediator.remediate(baseline, result);
      assertThat(leader.errors()).isEmpty();
      assertThat(client.configMaps().inNamespace(ns).withName("settings").get()).isNull();
      assertThat(client.secrets().inNamespace(ns).withName("db").get()).isNull();
    } finally {
      pool.shutdownNow();
    }
  }
}
