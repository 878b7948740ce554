package dev.rempart.it;

import static dev.rempart.it.Fixtures.namespace;
import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.ExceptionPhase;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * BaselineExceptions on a real API server, with the operator under the chart's RBAC: a live
 * exception holds back Enforce in its namespace and says so; at its expiresAt (not at the next
 * resync) it turns Expired with an Event and what it held back is applied; an exception longer than
 * the baseline's maxDays is Invalid and not honoured.
 */
class ExceptionsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String DENY = "rempart-default-deny";
  private static KubernetesClient admin;
  private static RunningOperator operator;

  @BeforeAll
  static void start() {
    admin = ControlPlane.adminClient();
    operator = RunningOperator.startUnderChartRbac();
  }

  @AfterAll
  static void stop() {
    operator.close();
    admin.close();
  }

  @Test
  void aLiveExceptionHoldsBackTheNetworkControlUntilTheInstantItExpires() {
    String label = unique("gov");
    String held = unique("legacy");
    String free = unique("team");
    namespace(admin, held, Map.of(label, "true"));
    namespace(admin, free, Map.of(label, "true"));
    String baseline = unique("bl");
    String name = unique("legacy-network");
    Instant expiresAt = Instant.now().plusSeconds(25).truncatedTo(ChronoUnit.SECONDS);
    admin.resource(exception(name, baseline, held, expiresAt)).create();
    createBaseline(baseline, label, 90);

    await().atMost(WAIT).until(() -> policy(free, DENY) != null);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(phase(name)).isEqualTo(ExceptionPhase.Active);
              SecurityBaseline b = readBaseline(baseline);
              assertThat(b.getStatus()).isNotNull();
              assertThat(b.getStatus().getSummary().getExcepted()).isEqualTo(1);
              assertThat(b.getStatus().getSummary().getHeldBack()).isEqualTo(2);
              assertThat(b.getStatus().getSummary().getFindings().getTotal()).isZero();
              assertThat(condition(b, "Excepted").getStatus()).isEqualTo("True");
              assertThat(condition(b, "Excepted").getMessage())
                  .contains("create NetworkPolicy " + held + "/" + DENY, name);
              assertThat(condition(b, "Compliant").getReason()).isEqualTo("FindingsExcepted");
              assertThat(b.getStatus().getControls())
                  .singleElement()
                  .satisfies(c -> assertThat(c.getExcepted()).isEqualTo(1));
            });
    assertThat(Instant.now()).as("the test ran past the expiry too soon").isBefore(expiresAt);
    assertThat(policy(held, DENY)).as("held back while the exception is live").isNull();

    // At expiresAt: Expired, with an Event, and the policies follow within seconds.
    await()
        .atMost(Duration.between(Instant.now(), expiresAt).plusSeconds(8))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> policy(held, DENY) != null);
    Instant created = Instant.parse(policy(held, DENY).getMetadata().getCreationTimestamp());
    assertThat(created).as("not created before the expiry").isAfterOrEqualTo(expiresAt);
    assertThat(Duration.between(expiresAt, Instant.now()))
        .as("created at the expiry, not at the 10-minute resync")
        .isLessThan(Duration.ofSeconds(8));
    assertThat(policy(held, "rempart-allow-dns")).isNotNull();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              assertThat(phase(name)).isEqualTo(ExceptionPhase.Expired);
              assertThat(eventsFor(name))
                  .anySatisfy(
                      e -> {
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getReason()).isEqualTo("ExceptionExpired");
                        assertThat(e.getInvolvedObject().getKind()).isEqualTo("BaselineException");
                        assertThat(e.getMessage()).contains("Expired at " + expiresAt);
                      });
              SecurityBaseline b = readBaseline(baseline);
              assertThat(b.getStatus().getSummary().getExcepted()).isZero();
              assertThat(b.getStatus().getSummary().getHeldBack()).isZero();
              assertThat(condition(b, "Compliant").getStatus()).isEqualTo("True");
            });
    delete(baseline, name);
  }

  @Test
  void anExceptionLongerThanMaxDaysIsInvalidAndNotHonoured() {
    String label = unique("gov");
    String ns = unique("legacy");
    namespace(admin, ns, Map.of(label, "true"));
    String baseline = unique("bl");
    String name = unique("too-long");
    Instant expiresAt = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
    admin.resource(exception(name, baseline, ns, expiresAt)).create();
    createBaseline(baseline, label, 2);

    await().atMost(WAIT).until(() -> policy(ns, DENY) != null);
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(phase(name)).isEqualTo(ExceptionPhase.Invalid);
              BaselineException e = admin.resources(BaselineException.class).withName(name).get();
              Condition active = e.getStatus().getConditions().get(0);
              assertThat(active.getType()).isEqualTo("Active");
              assertThat(active.getStatus()).isEqualTo("False");
              assertThat(active.getReason()).isEqualTo("TooLong");
              assertThat(active.getMessage()).contains("spec.exceptions.maxDays", "2 days");
              assertThat(e.getStatus().getObservedGeneration()).isEqualTo(1L);
              assertThat(eventsFor(name))
                  .anySatisfy(ev -> assertThat(ev.getReason()).isEqualTo("ExceptionInvalid"));
              SecurityBaseline b = readBaseline(baseline);
              assertThat(b.getStatus().getSummary().getExcepted()).isZero();
              assertThat(condition(b, "Excepted").getMessage()).contains(name + " (Invalid)");
            });
    delete(baseline, name);
  }

  private static BaselineException exception(
      String name, String baseline, String namespace, Instant expiresAt) {
    return (BaselineException)
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
                    .formatted(name, baseline, namespace, expiresAt))
            .get(0);
  }

  private static void createBaseline(String name, String label, int maxDays) {
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
                  exceptions: {maxDays: %d}
                """
                    .formatted(name, label, maxDays)))
        .create();
  }

  private static NetworkPolicy policy(String namespace, String name) {
    return admin.network().v1().networkPolicies().inNamespace(namespace).withName(name).get();
  }

  private static SecurityBaseline readBaseline(String name) {
    return admin.resources(SecurityBaseline.class).withName(name).get();
  }

  private static ExceptionPhase phase(String name) {
    BaselineException e = admin.resources(BaselineException.class).withName(name).get();
    return e == null || e.getStatus() == null ? null : e.getStatus().getPhase();
  }

  private static Condition condition(SecurityBaseline b, String type) {
    return Fixtures.condition(b, type);
  }

  private static List<Event> eventsFor(String involved) {
    return admin.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> involved.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  private static void delete(String baseline, String exception) {
    admin.resources(BaselineException.class).withName(exception).delete();
    admin.resources(SecurityBaseline.class).withName(baseline).delete();
    await().atMost(WAIT).until(() -> readBaseline(baseline) == null);
  }
}
