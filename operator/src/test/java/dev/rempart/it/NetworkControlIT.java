package dev.rempart.it;

import static dev.rempart.it.Fixtures.hasCondition;
import static dev.rempart.it.Fixtures.namespace;
import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.ManagedObjects;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clause 4.4 on a real API server: enforce, repair drift, audit, selectors, deletion, conflicts.
 */
class NetworkControlIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
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

  private static SecurityBaseline createBaseline(
      String name, String mode, String label, String network) {
    return admin
        .resource(
            Fixtures.baseline(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: SecurityBaseline
                metadata: {name: %s}
                spec:
                  mode: %s
                  namespaceSelector: {matchLabels: {%s: "true"}}
                  network: %s
                """
                    .formatted(name, mode, label, network)))
        .create();
  }

  private static NetworkPolicy policy(String namespace, String name) {
    return admin.network().v1().networkPolicies().inNamespace(namespace).withName(name).get();
  }

  private static SecurityBaseline read(String name) {
    return admin.resources(SecurityBaseline.class).withName(name).get();
  }

  private static void delete(String baseline) {
    admin.resources(SecurityBaseline.class).withName(baseline).delete();
    await().atMost(WAIT).until(() -> read(baseline) == null);
  }

  @Test
  void enforceCreatesThePoliciesInEveryGovernedNamespaceAndReportsCompliance() {
    String label = unique("gov");
    String a = unique("team-a");
    String b = unique("team-b");
    String outside = unique("outside");
    namespace(admin, a, Map.of(label, "true"));
    namespace(admin, b, Map.of(label, "true"));
    namespace(admin, outside, Map.of());
    String name = unique("enforce");
    createBaseline(name, "Enforce", label, "{}");

    for (String ns : List.of(a, b)) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                NetworkPolicy deny = policy(ns, "rempart-default-deny");
                assertThat(deny).isNotNull();
                assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
                assertThat(deny.getMetadata().getLabels())
                    .containsEntry(ManagedObjects.MANAGED_BY_LABEL, "rempart")
                    .containsEntry(ManagedObjects.BASELINE_LABEL, name);
                assertThat(deny.getMetadata().getOwnerReferences())
                    .singleElement()
                    .satisfies(o -> assertThat(o.getName()).isEqualTo(name));
                assertThat(deny.getMetadata().getManagedFields())
                    .anySatisfy(m -> assertThat(m.getManager()).isEqualTo("rempart"));
                NetworkPolicy dns = policy(ns, "rempart-allow-dns");
                assertThat(dns).isNotNull();
                assertThat(dns.getSpec().getEgress().get(0).getPorts())
                    .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
                    .containsExactly("UDP/53", "TCP/53");
              });
    }
    assertThat(admin.network().v1().networkPolicies().inNamespace(outside).list().getItems())
        .isEmpty();
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              SecurityBaseline current = read(name);
              assertThat(hasCondition(current, "Ready", "True")).isTrue();
              assertThat(hasCondition(current, "Compliant", "True")).isTrue();
              assertThat(current.getStatus().getSummary().getGovernedNamespaces()).isEqualTo(2);
              assertThat(current.getStatus().getSummary().getCompliantNamespaces()).isEqualTo(2);
              assertThat(current.getStatus().getLastEvaluationTime()).isNotNull();
            });
    delete(name);
  }

  @Test
  void aDeletedOrEditedManagedPolicyIsRestoredWithEvents() {
    String label = unique("gov");
    String ns = unique("drift");
    namespace(admin, ns, Map.of(label, "true"));
    String name = unique("drift");
    createBaseline(name, "Enforce", label, "{allowDNS: false}");
    await().atMost(WAIT).until(() -> policy(ns, "rempart-default-deny") != null);

    admin
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(ns)
        .withName("rempart-default-deny")
        .delete();
    await()
        .atMost(WAIT)
        .until(
            () -> {
              NetworkPolicy p = policy(ns, "rempart-default-deny");
              return p != null && p.getMetadata().getDeletionTimestamp() == null;
            });
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              List<Event> events = eventsFor(name);
              assertThat(events)
                  .anySatisfy(
                      e -> {
                        assertThat(e.getReason()).isEqualTo("DriftDetected");
                        assertThat(e.getType()).isEqualTo("Warning");
                        assertThat(e.getMessage()).contains(ns + "/rempart-default-deny");
                      });
              assertThat(events)
                  .anySatisfy(
                      e -> {
                        assertThat(e.getReason()).isEqualTo("Remediated");
                        assertThat(e.getType()).isEqualTo("Normal");
                        assertThat(e.getMessage()).contains(ns + "/rempart-default-deny");
                      });
            });

    // Someone opens the policy up with an allow-all ingress rule, under another field manager.
    admin
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(ns)
        .withName("rempart-default-deny")
        .edit(
            p ->
                new NetworkPolicyBuilder(p)
                    .editSpec()
                    .addNewIngress()
                    .endIngress()
                    .endSpec()
                    .build());
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> assertThat(policy(ns, "rempart-default-deny").getSpec().getIngress()).isEmpty());
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(eventsFor(name))
                    .anySatisfy(e -> assertThat(e.getMessage()).contains("was changed")));
    delete(name);
  }

  @Test
  void auditWritesNothingButStatusAndReportsTheDrift() {
    String label = unique("gov");
    String ns = unique("audited");
    namespace(admin, ns, Map.of(label, "true"));
    String name = unique("audit");
    createBaseline(name, "Audit", label, "{}");

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              SecurityBaseline current = read(name);
              assertThat(hasCondition(current, "Compliant", "False")).isTrue();
              assertThat(current.getStatus().getSummary().getFindings().getHigh()).isEqualTo(1);
              assertThat(current.getStatus().getSummary().getExamples())
                  .anySatisfy(e -> assertThat(e).contains("network/defaultDeny").contains(ns));
            });
    assertThat(admin.network().v1().networkPolicies().inNamespace(ns).list().getItems()).isEmpty();
    assertThat(admin.namespaces().withName(ns).get().getMetadata().getManagedFields())
        .noneSatisfy(m -> assertThat(m.getManager()).isEqualTo("rempart"));
    delete(name);
  }

  @Test
  void namespacesJoinAndLeaveWithTheirLabels() {
    String label = unique("gov");
    String ns = unique("mover");
    namespace(admin, ns, Map.of());
    admin
        .resource(
            new NetworkPolicyBuilder()
                .withNewMetadata()
                .withName("team-own")
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withNewPodSelector()
                .endPodSelector()
                .endSpec()
                .build())
        .create();
    String name = unique("selector");
    createBaseline(name, "Enforce", label, "{}");
    await().atMost(WAIT).until(() -> read(name) != null && read(name).getStatus() != null);
    assertThat(policy(ns, "rempart-default-deny")).isNull();

    admin
        .namespaces()
        .withName(ns)
        .edit(
            n -> {
              n.getMetadata().getLabels().put(label, "true");
              return n;
            });
    await().atMost(WAIT).until(() -> policy(ns, "rempart-default-deny") != null);

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
        .until(
            () ->
                policy(ns, "rempart-default-deny") == null
                    && policy(ns, "rempart-allow-dns") == null);
    assertThat(policy(ns, "team-own")).as("the team's own policy is not Rempart's").isNotNull();
    delete(name);
  }

  @Test
  void deletingTheBaselineRemovesWhatItMade() {
    String label = unique("gov");
    String ns = unique("gone");
    namespace(admin, ns, Map.of(label, "true"));
    String name = unique("deleted");
    createBaseline(name, "Enforce", label, "{}");
    await().atMost(WAIT).until(() -> policy(ns, "rempart-allow-dns") != null);

    delete(name);
    await()
        .atMost(WAIT)
        .until(
            () ->
                admin.network().v1().networkPolicies().inNamespace(ns).list().getItems().isEmpty());
  }

  @Test
  void aPolicyThatReopensEverythingIsReportedAndLeftAlone() {
    String label = unique("gov");
    String ns = unique("open");
    namespace(admin, ns, Map.of(label, "true"));
    NetworkPolicy open =
        admin
            .resource(
                new NetworkPolicyBuilder()
                    .withNewMetadata()
                    .withName("allow-everything")
                    .withNamespace(ns)
                    .endMetadata()
                    .withNewSpec()
                    .withNewPodSelector()
                    .endPodSelector()
                    .addNewIngress()
                    .endIngress()
                    .endSpec()
                    .build())
            .create();
    String name = unique("reopen");
    createBaseline(name, "Enforce", label, "{}");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              SecurityBaseline current = read(name);
              assertThat(current.getStatus()).as("status").isNotNull();
              assertThat(current.getStatus().getControls().get(0).getExamples())
                  .anySatisfy(
                      e -> assertThat(e).contains("allowAllPolicy").contains("allow-everything"));
            });
    assertThat(policy(ns, "allow-everything").getMetadata().getResourceVersion())
        .isEqualTo(open.getMetadata().getResourceVersion());
    delete(name);
  }

  @Test
  void twoBaselinesOnOneNamespaceConflictAndOnlyTheOlderActs() {
    String label = unique("gov");
    String shared = unique("shared");
    namespace(admin, shared, Map.of(label, "true", label + "-b", "true"));
    // Creation times have a one-second resolution: names break ties, so name them in age order.
    String older = unique("a-older");
    createBaseline(older, "Enforce", label, "{}");
    await().atMost(WAIT).until(() -> policy(shared, "rempart-default-deny") != null);
    String newer = unique("b-newer");
    createBaseline(newer, "Enforce", label + "-b", "{defaultDeny: [Ingress]}");

    for (String b : List.of(older, newer)) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                SecurityBaseline current = read(b);
                assertThat(hasCondition(current, "Conflicting", "True")).isTrue();
                assertThat(Fixtures.condition(current, "Conflicting").getMessage())
                    .contains(shared);
              });
    }
    assertThat(read(newer).getStatus().getSummary().getGovernedNamespaces()).isZero();
    assertThat(policy(shared, "rempart-default-deny").getMetadata().getLabels())
        .containsEntry(ManagedObjects.BASELINE_LABEL, older);
    assertThat(policy(shared, "rempart-default-deny").getSpec().getPolicyTypes())
        .containsExactly("Ingress", "Egress");
    delete(newer);
    delete(older);
  }

  @Test
  void gitOpsTrackingLabelsOfTheBaselineAreNeverCopiedOntoWhatRempartMakes() {
    String label = unique("gov");
    String ns = unique("gitops");
    namespace(admin, ns, Map.of(label, "true"));
    String name = unique("tracked");
    admin
        .resource(
            Fixtures.baseline(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: SecurityBaseline
                metadata:
                  name: %s
                  labels:
                    app.kubernetes.io/instance: platform-baselines
                    kustomize.toolkit.fluxcd.io/name: baselines
                    kustomize.toolkit.fluxcd.io/namespace: flux-system
                    helm.toolkit.fluxcd.io/name: rempart
                  annotations:
                    argocd.argoproj.io/tracking-id: platform:rempart.dev/SecurityBaseline:/%s
                    argocd.argoproj.io/sync-wave: "1"
                spec:
                  mode: Enforce
                  namespaceSelector: {matchLabels: {%s: "true"}}
                  network: {}
                """
                    .formatted(name, name, label)))
        .create();
    await().atMost(WAIT).until(() -> policy(ns, "rempart-allow-dns") != null);
    for (String policyName : List.of("rempart-default-deny", "rempart-allow-dns")) {
      NetworkPolicy managed = policy(ns, policyName);
      assertThat(managed.getMetadata().getLabels().keySet())
          .noneMatch(
              k ->
                  k.equals("app.kubernetes.io/instance")
                      || k.startsWith("kustomize.toolkit.fluxcd.io/")
                      || k.startsWith("helm.toolkit.fluxcd.io/"));
      assertThat(managed.getMetadata().getAnnotations().keySet())
          .noneMatch(k -> k.startsWith("argocd.argoproj.io/"));
    }
    delete(name);
  }

  private static List<Event> eventsFor(String baseline) {
    return admin.v1().events().inNamespace("default").list().getItems().stream()
        .filter(e -> baseline.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
