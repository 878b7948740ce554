package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.DesiredObject;
import dev.rempart.core.Drift;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Governance;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.controls.network.ManagedPolicies;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The remediator's own rules, against a small HTTP stand-in for the API server that records the
 * requests in the order they arrive (the integration tests run the same code on a real one): the
 * write comes first and its Events after it, an Event that hangs holds back no repair, a failed
 * write is reported and left to be repaired again.
 */
class RemediatorTest {
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicLong resourceVersion = new AtomicLong(100);
  private volatile CountDownLatch eventsHeld = new CountDownLatch(0);
  private volatile boolean patchesFail;
  private final WritePriority priority = new WritePriority();

  /** How many priority writes were pending as each policy write reached the server. */
  private final List<Integer> pendingAtWrite = Collections.synchronizedList(new ArrayList<>());

  /** Each policy write as it reached the server: its query, content type and body. */
  private final List<String> policyWrites = Collections.synchronizedList(new ArrayList<>());

  private HttpServer server;
  private KubernetesClient client;
  private EventRecorder events;
  private ExecutorService pool;
  private final WriteLedger ledger = new WriteLedger();
  private Remediator remediator;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
    client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    events = new EventRecorder(client, clock, "test");
    pool = Executors.newFixedThreadPool(4);
    remediator =
        new Remediator(
            client,
            ledger,
            events,
            new OperatorMetrics(clock),
            pool,
            new RevertTracker(RepairBackoff.defaults(), clock),
            new OperatorRecord(null, RecordSettings.off(), clock, null),
            () -> true,
            priority);
  }

  @AfterEach
  void stop() {
    eventsHeld.countDown();
    events.close();
    pool.shutdownNow();
    client.close();
    server.stop(0);
  }

  @Test
  void aWriteGoesThroughAHandleOfTheObjectsKindAndNameOnly() {
    NetworkPolicy desired =
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName("rempart-default-deny")
            .withNamespace("shop")
            .withLabels(Map.of("app.kubernetes.io/managed-by", "rempart"))
            .endMetadata()
            .withNewSpec()
            .withPolicyTypes("Ingress")
            .endSpec()
            .build();

    HasMetadata handle = Remediator.handle(desired);

    assertThat(handle).isInstanceOf(NetworkPolicy.class);
    assertThat(handle.getApiVersion()).isEqualTo("networking.k8s.io/v1");
    assertThat(handle.getMetadata().getName()).isEqualTo("rempart-default-deny");
    assertThat(handle.getMetadata().getNamespace()).isEqualTo("shop");
    assertThat(handle.getMetadata().getLabels()).isNullOrEmpty();
    assertThat(((NetworkPolicy) handle).getSpec()).isNull();

    var namespace =
        Remediator.handle(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName("shop")
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .endMetadata()
                .build());
    assertThat(namespace.getKind()).isEqualTo("Namespace");
    assertThat(namespace.getMetadata().getNamespace()).isNull();

    var generic = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
    generic.setApiVersion("openreports.io/v1alpha1");
    generic.setKind("Report");
    generic.setMetadata(
        new io.fabric8.kubernetes.api.model.ObjectMetaBuilder()
            .withName("r")
            .withNamespace("shop")
            .build());
    generic.setAdditionalProperty("results", List.of());
    HasMetadata genericHandle = Remediator.handle(generic);
    assertThat(genericHandle.getApiVersion()).isEqualTo("openreports.io/v1alpha1");
    assertThat(genericHandle.getKind()).isEqualTo("Report");
    assertThat(
            ((io.fabric8.kubernetes.api.model.GenericKubernetesResource) genericHandle)
                .getAdditionalProperties())
        .isEmpty();
  }

  @Test
  void aWriteIsAForcedServerSideApplyOfTheDesiredObjectUnderRempartsFieldManager() {
    NetworkPolicy policy = policy("shop");

    Remediator.Outcome outcome = remediator.remediate(baseline(), deleted(policy));

    assertThat(outcome.applied()).containsExactly(ResourceRef.of(policy));
    assertThat(outcome.written())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w).isInstanceOf(NetworkPolicy.class);
              assertThat(w.getMetadata().getResourceVersion()).isNotBlank();
              assertThat(w.getMetadata().getManagedFields())
                  .as("kept as the cache keeps it: who else wrote it, no field sets")
                  .singleElement()
                  .satisfies(
                      f -> {
                        assertThat(f.getManager()).isEqualTo("kubectl-edit");
                        assertThat(f.getFieldsV1()).isNull();
                      });
            });
    assertThat(policyWrites)
        .singleElement()
        .satisfies(
            w ->
                assertThat(w)
                    .startsWith("force=true&fieldManager=rempart application/apply-patch+yaml {")
                    .contains("\"name\":\"" + ManagedPolicies.DEFAULT_DENY + "\"")
                    .contains("\"namespace\":\"shop\""));
  }

  @Test
  void aRepairsEventsAreSentAfterItsWrite() throws Exception {
    NetworkPolicy policy = policy("shop");
    ledger.recordApplied(withVersion(policy, "7")); // Rempart made it before: its loss is drift

    Remediator.Outcome outcome = remediator.remediate(baseline(), deleted(policy));

    assertThat(outcome.applied()).containsExactly(ResourceRef.of(policy));
    awaitRequests(r -> r.contains("/events"), 2);
    int write = indexOf("PATCH /apis/networking.k8s.io/v1/namespaces/shop/networkpolicies");
    assertThat(write).isNotNegative();
    assertThat(requests.subList(write + 1, requests.size()))
        .as("DriftDetected and Remediated, both after the write")
        .filteredOn(r -> r.startsWith("POST") && r.contains("/events"))
        .hasSize(2);
    assertThat(requests.subList(0, write)).noneMatch(r -> r.contains("/events"));
  }

  @Test
  void anEventThatHangsHoldsBackNoRepairInAnotherNamespace() throws Exception {
    eventsHeld = new CountDownLatch(1);
    NetworkPolicy shop = policy("shop");
    NetworkPolicy billing = policy("billing");
    ledger.recordApplied(withVersion(shop, "7"));
    ledger.recordApplied(withVersion(billing, "8"));

    Remediator.Outcome first = remediator.remediate(baseline(), deleted(shop));
    awaitRequests(r -> r.contains("/events"), 1); // its first Event is now stuck at the server
    Remediator.Outcome second = remediator.remediate(baseline(), deleted(billing));

    assertThat(first.applied()).containsExactly(ResourceRef.of(shop));
    assertThat(second.applied())
        .as("repaired while the other namespace's Event still waits for its answer")
        .containsExactly(ResourceRef.of(billing));
    assertThat(eventsHeld.getCount()).isEqualTo(1);
  }

  @Test
  void reportWritesWaitForARoundsWritesUntilTheyAreDone() {
    NetworkPolicy shop = policy("shop");
    NetworkPolicy billing = policy("billing");
    ledger.recordApplied(withVersion(shop, "7"));
    ledger.recordApplied(withVersion(billing, "8"));

    remediator.remediate(baseline(), deleted(shop, billing));

    assertThat(pendingAtWrite)
        .as("each write counted as a priority write while it is at the server")
        .hasSize(2)
        .allMatch(pending -> pending >= 1);
    assertThat(priority.pending()).as("all done once the round's writes are").isZero();
    assertThat(priority.awaitTurn()).isTrue();
    assertThat(priority.waits()).as("a report write after the round does not wait").isZero();
  }

  @Test
  void aFailedWriteIsReportedAndLeftUnrepaired() {
    patchesFail = true;
    NetworkPolicy policy = policy("shop");

    Remediator.Outcome outcome = remediator.remediate(baseline(), deleted(policy));

    assertThat(outcome.applied()).isEmpty();
    assertThat(outcome.unrepaired()).containsExactly(ResourceRef.of(policy));
    assertThat(outcome.errorSummary()).contains("shop/" + ManagedPolicies.DEFAULT_DENY);
    assertThat(outcome.written()).isEmpty();
    assertThat(priority.pending()).as("a failed write no longer holds report writes").isZero();
  }

  private void answer(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    requests.add(method + " " + path);
    if (path.contains("/networkpolicies")) {
      pendingAtWrite.add(priority.pending());
    }
    byte[] request = exchange.getRequestBody().readAllBytes();
    if (path.contains("/networkpolicies")) {
      policyWrites.add(
          exchange.getRequestURI().getQuery()
              + " "
              + exchange.getRequestHeaders().getFirst("Content-Type")
              + " "
              + new String(request, StandardCharsets.UTF_8));
    }
    try {
      if (path.contains("/events")) {
        eventsHeld.await(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (method.equals("PATCH") && patchesFail && !path.contains("/events")) {
      send(exchange, 500, "{\"kind\":\"Status\",\"status\":\"Failure\",\"message\":\"etcd down\"}");
      return;
    }
    if (method.equals("GET")) {
      send(exchange, 404, "{\"kind\":\"Status\",\"status\":\"Failure\",\"code\":404}");
      return;
    }
    ObjectNode body = (ObjectNode) JSON.readTree(new String(request, StandardCharsets.UTF_8));
    ObjectNode metadata = body.with("metadata");
    metadata.put("resourceVersion", Long.toString(resourceVersion.incrementAndGet()));
    if (path.contains("/networkpolicies")) {
      // As the API server answers an apply: every writer's field set.
      metadata.set(
          "managedFields",
          JSON.readTree(
              """
              [{"manager":"rempart","operation":"Apply","fieldsType":"FieldsV1",
                "fieldsV1":{"f:spec":{"f:policyTypes":{}}}},
               {"manager":"kubectl-edit","operation":"Update","time":"2026-11-30T09:00:00Z",
                "fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:ingress":{}}}}]
              """));
    }
    if (!metadata.has("name")) {
      metadata.put("name", "event-" + resourceVersion.get());
    }
    send(exchange, method.equals("POST") ? 201 : 200, body.toString());
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private void awaitRequests(java.util.function.Predicate<String> which, int count)
      throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      synchronized (requests) {
        if (requests.stream().filter(which).count() >= count) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("expected " + count + " requests, saw " + requests);
  }

  private int indexOf(String prefix) {
    synchronized (requests) {
      for (int i = 0; i < requests.size(); i++) {
        if (requests.get(i).startsWith(prefix)) {
          return i;
        }
      }
      return -1;
    }
  }

  private static EvaluationResult deleted(NetworkPolicy... policies) {
    List<DesiredObject> desired =
        Arrays.stream(policies).map(p -> new DesiredObject("network", p, true, true)).toList();
    return new EvaluationResult(
        "b",
        NOW,
        Governance.of(List.of(), List.of()),
        List.of(),
        List.of(),
        desired,
        desired.stream().map(d -> new Drift(d, Drift.State.MISSING, null)).toList(),
        List.of(),
        List.of(),
        List.of());
  }

  private static NetworkPolicy policy(String namespace) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName(ManagedPolicies.DEFAULT_DENY)
        .withNamespace(namespace)
        .withLabels(Map.of("app.kubernetes.io/managed-by", "rempart"))
        .endMetadata()
        .withNewSpec()
        .withNewPodSelector()
        .endPodSelector()
        .withPolicyTypes("Ingress", "Egress")
        .endSpec()
        .build();
  }

  private static HasMetadata withVersion(NetworkPolicy policy, String version) {
    return new NetworkPolicyBuilder(policy)
        .editMetadata()
        .withResourceVersion(version)
        .endMetadata()
        .build();
  }

  private static SecurityBaseline baseline() {
    return (SecurityBaseline)
        ManifestReader.parse(
                "apiVersion: rempart.dev/v1alpha1\nkind: SecurityBaseline\nmetadata: {name: b,"
                    + " uid: u1, generation: 1}\nspec:\n  mode: Enforce\n  namespaceSelector: {}\n")
            .get(0);
  }
}
