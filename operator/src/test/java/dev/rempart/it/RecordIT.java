package dev.rempart.it;

import static dev.rempart.it.Fixtures.hasCondition;
import static dev.rempart.it.Fixtures.namespace;
import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.ExceptionPhase;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.io.ManifestReader;
import dev.rempart.operator.OperatorSettings;
import dev.rempart.operator.RecordSettings;
import dev.rempart.record.ChainHead;
import dev.rempart.record.RecordVerifier;
import dev.rempart.record.Verification;
import dev.rempart.recorder.RecorderSettings;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The record on a real API server, the operator under the chart's RBAC with {@code
 * record.sink=stdout} (its sink captured here): what Rempart writes, restores and removes, the
 * findings that open and resolve, a chain {@code rempart record verify} accepts, and the chain's
 * head kept in the release namespace's ConfigMap.
 */
class RecordIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CapturedSink SINK = new CapturedSink();
  private static KubernetesClient admin;
  private static RunningOperator operator;
  private static String releaseNamespace;

  @BeforeAll
  static void start() {
    admin = ControlPlane.adminClient();
    operator =
        RunningOperator.startUnderChartRbac(
            namespace -> {
              releaseNamespace = namespace;
              // A head left by an earlier run would continue its chain, not start this one.
              admin
                  .configMaps()
                  .inNamespace(namespace)
                  .withName(RecordSettings.HEAD_CONFIG_MAP)
                  .delete();
              return new OperatorSettings(Duration.ofMinutes(10), 4, Clock.systemUTC())
                  .withRecord(
                      RecordSettings.to(() -> List.of(SINK), namespace)
                          .withRecorder(new RecorderSettings(500, Duration.ofMillis(200), 10_000)));
            },
            "--set=record.sink=stdout");
  }

  @AfterAll
  static void stop() {
    operator.close();
    admin.close();
  }

  @Test
  void writesRestoresRemovalsAndFindingsAreRecordedInAChainThatVerifies() throws IOException {
    String label = unique("rec");
    String ns = unique("recorded");
    namespace(admin, ns, Map.of(label, "true"));
    String name = unique("record");
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
                    .formatted(name, label)))
        .create();

    // Created: the finding that no default-deny policy exists opens, Rempart writes the policy,
    // and the finding resolves.
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(entries(name, "object-written"))
                  .anySatisfy(e -> assertPolicy(e, ns, "action", "created"));
              assertThat(entries(name, "finding-opened"))
                  .anySatisfy(e -> assertThat(mentions(e, ns)).isTrue());
              assertThat(entries(name, "finding-resolved"))
                  .anySatisfy(e -> assertThat(mentions(e, ns)).isTrue());
            });
    assertThat(entries(name, "baseline-changed"))
        .anySatisfy(
            e ->
                assertThat(e.at("/detail/reason").asText())
                    .isEqualTo("a new baseline was evaluated"));
    await().atMost(WAIT).until(() -> hasCondition(read(name), RecordedCondition.TYPE, "True"));

    // Deleted by someone else: restored, and the restoration recorded.
    admin
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(ns)
        .withName("rempart-default-deny")
        .delete();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(entries(name, "object-written"))
                    .anySatisfy(e -> assertPolicy(e, ns, "action", "restored")));

    // The namespace leaves the baseline: Rempart removes what it made there.
    admin
        .namespaces()
        .withName(ns)
        .edit(
            n -> {
              n.getMetadata().getLabels().remove(label);
              return n;
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(policy(ns)).isNull();
              assertThat(entries(name, "object-removed"))
                  .anySatisfy(e -> assertPolicy(e, ns, "reason", null));
            });

    // Anchored, the whole record verifies up to the anchor, and the head is in the ConfigMap.
    ChainHead anchor = operator.operator().record().anchor();
    List<String> lines = SINK.lines();
    RecordVerifier verifier = new RecordVerifier(List.of(anchor), false);
    for (int i = 0; i < lines.size(); i++) {
      verifier.line("stdout:" + (i + 1), lines.get(i));
    }
    Verification verification = verifier.finish();
    assertThat(verification.problems()).isEmpty();
    assertThat(verification.head()).isEqualTo(anchor);
    assertThat(verification.gaps())
        .as("a first start without a head is written down as a gap")
        .hasSize(1);
    ConfigMap head =
        admin
            .configMaps()
            .inNamespace(releaseNamespace)
            .withName(RecordSettings.HEAD_CONFIG_MAP)
            .get();
    assertThat(head.getData()).containsEntry("head", anchor.toString());
    assertThat(read(name).getStatus().getRecord().getAnchor()).isEqualTo(anchor.toString());
    // The reconciler's own status writes leave the anchor in place.
    admin
        .resources(SecurityBaseline.class)
        .withName(name)
        .edit(
            b -> {
              b.getSpec().setMode(dev.rempart.api.v1alpha1.Mode.Audit);
              return b;
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              SecurityBaseline current = read(name);
              assertThat(current.getStatus().getObservedGeneration())
                  .isEqualTo(current.getMetadata().getGeneration());
              assertThat(current.getStatus().getRecord().getAnchor()).isEqualTo(anchor.toString());
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(admin.v1().events().inNamespace("default").list().getItems())
                    .anySatisfy(
                        e -> {
                          assertThat(e.getReason()).isEqualTo("RecordAnchored");
                          assertThat(e.getInvolvedObject().getName()).isEqualTo(name);
                          assertThat(e.getMessage()).contains(anchor.toString());
                        }));

    admin.resources(SecurityBaseline.class).withName(name).delete();
    await().atMost(WAIT).until(() -> read(name) == null);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(entries(name, "baseline-changed"))
                    .anySatisfy(
                        e ->
                            assertThat(e.at("/detail/reason").asText())
                                .isEqualTo("the baseline was deleted")));
  }

  @Test
  void exceptionDecisionsAndExceptedFindingsAreRecorded() throws IOException {
    String label = unique("rec");
    String held = unique("held");
    // Governed only once the exception is active: its first evaluation must see the exception
    // (else Rempart makes the policy first and there is nothing left to except).
    namespace(admin, held, Map.of());
    String name = unique("record-exc");
    String exception = unique("legacy");
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
                  network: {}
                  exceptions: {maxDays: 90}
                """
                    .formatted(name, label)))
        .create();
    admin
        .resource(
            ManifestReader.parse(
                    """
                    apiVersion: rempart.dev/v1alpha1
                    kind: BaselineException
                    metadata: {name: %s}
                    spec:
                      baseline: %s
                      controls: [{control: network}]
                      namespaces: [%s]
                      reason: The legacy stack's flows are not mapped yet.
                      ticket: RISK-42
                      approvedBy: ciso@example.com
                      expiresAt: "%s"
                    """
                        .formatted(exception, name, held, Instant.now().plus(Duration.ofDays(30))))
                .get(0))
        .create();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              BaselineException e =
                  admin.resources(BaselineException.class).withName(exception).get();
              return e.getStatus() != null && e.getStatus().getPhase() == ExceptionPhase.Active;
            });
    admin
        .namespaces()
        .withName(held)
        .edit(
            ns -> {
              ns.getMetadata().getLabels().put(label, "true");
              return ns;
            });

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(entries(name, "exception-decision"))
                  .anySatisfy(
                      e -> {
                        assertThat(e.at("/object/kind").asText()).isEqualTo("BaselineException");
                        assertThat(e.at("/object/name").asText()).isEqualTo(exception);
                        assertThat(e.at("/detail/decision").asText()).isEqualTo("Active");
                      });
              assertThat(entries(name, "finding-excepted"))
                  .anySatisfy(
                      e -> {
                        assertThat(mentions(e, held)).isTrue();
                        assertThat(e.at("/detail/exceptedBy").asText()).isEqualTo(exception);
                      });
            });

    admin.resources(BaselineException.class).withName(exception).delete();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(entries(name, "finding-opened"))
                  .anySatisfy(e -> assertThat(mentions(e, held)).isTrue());
              assertThat(entries(name, "object-written"))
                  .anySatisfy(e -> assertPolicy(e, held, "action", "created"));
            });
    admin.resources(SecurityBaseline.class).withName(name).delete();
    await().atMost(WAIT).until(() -> read(name) == null);
  }

  /** The condition type the operator sets: named here so that a rename fails this test. */
  private static final class RecordedCondition {
    static final String TYPE = "Recorded";
  }

  private static void assertPolicy(JsonNode entry, String ns, String key, String value) {
    assertThat(entry.at("/object/kind").asText()).isEqualTo("NetworkPolicy");
    assertThat(entry.at("/object/namespace").asText()).isEqualTo(ns);
    assertThat(entry.at("/object/name").asText()).isEqualTo("rempart-default-deny");
    if (value != null) {
      assertThat(entry.at("/detail/" + key).asText()).isEqualTo(value);
    }
  }

  private static boolean mentions(JsonNode entry, String ns) {
    return ns.equals(entry.at("/object/namespace").asText())
        || ns.equals(entry.at("/object/name").asText());
  }

  private static List<JsonNode> entries(String baseline, String event) throws IOException {
    List<JsonNode> found = new ArrayList<>();
    for (String line : SINK.lines()) {
      JsonNode entry = JSON.readTree(line);
      if (baseline.equals(entry.path("baseline").asText())
          && event.equals(entry.path("event").asText())) {
        found.add(entry);
      }
    }
    return found;
  }

  private static NetworkPolicy policy(String ns) {
    return admin
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(ns)
        .withName("rempart-default-deny")
        .get();
  }

  private static SecurityBaseline read(String name) {
    return admin.resources(SecurityBaseline.class).withName(name).get();
  }
}
