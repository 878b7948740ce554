package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LeaseFenceTest {
  private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
  private static final String LEASES = "/apis/coordination.k8s.io/v1/namespaces/rempart/leases";
  private static final String POLICY =
      "/apis/networking.k8s.io/v1/namespaces/team-a/networkpolicies/default-deny";

  private final AtomicLong monotonic = new AtomicLong(1_000_000_000L);
  private final MovableClock wall = new MovableClock(NOW);
  private final LeaseFence fence =
      new LeaseFence(
          "rempart", "rempart-leader", "me", Duration.ofSeconds(10), monotonic::get, wall);

  @Test
  void beforeTheFirstRenewalNothingIsWrittenButReadsAndTheLeaseGoThrough() {
    assertThat(fence.holdsLease()).isFalse();
    for (String method : LeaseFence.MUTATING) {
      assertThat(fence.allows(method, POLICY)).as(method).isFalse();
    }
    assertThat(fence.allows("GET", POLICY)).isTrue();
    assertThat(fence.allows("POST", LEASES)).as("the lease's creation").isTrue();
    assertThat(fence.allows("PATCH", LEASES + "/rempart-leader")).as("its renewal").isTrue();
    assertThat(fence.allows("PUT", LEASES + "/someone-elses")).as("another lease").isFalse();
    assertThat(fence.allows("POST", "/apis/authentication.k8s.io/v1/selfsubjectreviews"))
        .as("a review persists nothing")
        .isTrue();
    assertThat(fence.allows("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"))
        .isTrue();
  }

  @Test
  void aRenewalOpensTheFenceForTheDeadlineByTheMonotonicClock() {
    fence.renewed(monotonic.get(), NOW);
    assertThat(fence.allows("PATCH", POLICY)).isTrue();

    advance(Duration.ofMillis(9_999));
    assertThat(fence.holdsLease()).isTrue();
    advance(Duration.ofMillis(1));
    assertThat(fence.holdsLease()).as("10 s after the renewal").isFalse();
  }

  @Test
  void aPauseCountsEvenWhenTheWallClockDoesNotShowIt() {
    fence.renewed(monotonic.get(), NOW);
    // SIGSTOP for 20 s; the wall clock was stepped back meanwhile (NTP): the monotonic one decides.
    monotonic.addAndGet(Duration.ofSeconds(20).toNanos());
    wall.now = NOW.plusSeconds(1);

    assertThat(fence.holdsLease()).isFalse();
  }

  @Test
  void aSuspendTheMonotonicClockMissesIsSeenByTheWallClock() {
    fence.renewed(monotonic.get(), NOW);
    // A suspended machine: CLOCK_MONOTONIC stood still, the wall clock did not.
    wall.now = NOW.plusSeconds(30);

    assertThat(fence.holdsLease()).isFalse();
  }

  @Test
  void aRenewalStampedLongBeforeItWasSentCountsFromItsStamp() {
    // Paused for 8 s between the elector stamping the renewal and sending it.
    fence.renewed(monotonic.get(), NOW.minusSeconds(8));
    advance(Duration.ofSeconds(3));

    assertThat(fence.holdsLease()).as("11 s after the stamp").isFalse();
  }

  @Test
  void onlyARenewalTheServerAcceptedAndThatNamesThisInstanceOpensTheFence() {
    renew("me", NOW, 409);
    assertThat(fence.holdsLease()).as("a conflict: another instance renewed first").isFalse();

    renew("other", NOW, 200);
    assertThat(fence.holdsLease()).as("a write that hands the lease to another").isFalse();

    renew("me", NOW, 200);
    assertThat(fence.holdsLease()).isTrue();

    advance(Duration.ofSeconds(4));
    renew("", NOW.plusSeconds(4), 200); // the release on a graceful shutdown: no holder
    advance(Duration.ofSeconds(7));
    assertThat(fence.holdsLease()).as("the release does not renew").isFalse();
  }

  @Test
  void aRefusedWriteFailsOnTheCallersThreadBeforeAnythingIsSent() {
    // No API server listens there: a request that were sent would fail to connect instead.
    Config config =
        new ConfigBuilder()
            .withMasterUrl("https://127.0.0.1:1")
            .withRequestRetryBackoffLimit(0)
            .withConnectionTimeout(1000)
            .build();
    try (KubernetesClient plain = new KubernetesClientBuilder().withConfig(config).build();
        KubernetesClient client = fence.fenced(plain)) {
      var configMap =
          new ConfigMapBuilder().withNewMetadata().withName("x").withNamespace("a").endMetadata();
      assertThatThrownBy(() -> client.resource(configMap.build()).create())
          .isInstanceOf(KubernetesClientException.class)
          .satisfies(e -> assertThat(LeaseFence.refused(e)).isTrue())
          .hasMessageContaining("does not hold the leader-election lease");

      fence.renewed(monotonic.get(), NOW);
      assertThatThrownBy(() -> client.resource(configMap.build()).create())
          .as("let through: it fails to connect")
          .satisfies(e -> assertThat(LeaseFence.refused(e)).isFalse());
      assertThatThrownBy(() -> client.configMaps().inNamespace("a").withName("x").get())
          .satisfies(e -> assertThat(LeaseFence.refused(e)).isFalse());
    }
  }

  @Test
  void aRetryTheFenceRefusesFailsTheCallerInsteadOfLeavingItWaiting() throws Exception {
    // The first attempt is let through and answered 503; the client retries it 100 ms later, by
    // when the lease is lost (as in an API server outage longer than the renew deadline).
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger received = new AtomicInteger();
    server.createContext(
        "/",
        exchange -> {
          received.incrementAndGet();
          advance(Duration.ofSeconds(20));
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    server.start();
    Config config =
        new ConfigBuilder()
            .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort())
            .withRequestRetryBackoffLimit(3)
            .withRequestRetryBackoffInterval(100)
            .build();
    fence.renewed(monotonic.get(), NOW);
    try (KubernetesClient plain = new KubernetesClientBuilder().withConfig(config).build()) {
      KubernetesClient client = fence.fenced(plain);
      var configMap =
          new ConfigMapBuilder().withNewMetadata().withName("x").withNamespace("a").endMetadata();
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () ->
              assertThatThrownBy(() -> client.resource(configMap.build()).create())
                  .satisfies(e -> assertThat(LeaseFence.refused(e)).as(e.toString()).isTrue()));
      assertThat(received).as("the retry was not sent").hasValue(1);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aWriteLetThroughBeforeThePauseIsRefusedAtItsBodyAsAFencedWrite() throws Exception {
    // Each look at the monotonic clock is 6 s later, as if the process were paused between the
    // interceptor's check (6 s after the renewal: let through) and the body's (12 s: refused).
    AtomicLong looks = new AtomicLong();
    LeaseFence pausing =
        new LeaseFence(
            "rempart",
            "rempart-leader",
            "me",
            Duration.ofSeconds(10),
            () -> looks.incrementAndGet() * Duration.ofSeconds(6).toNanos(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    pausing.renewed(0, NOW);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger complete = new AtomicInteger();
    server.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes(); // fails on a body that never comes whole
          complete.incrementAndGet();
          exchange.sendResponseHeaders(201, -1);
          exchange.close();
        });
    server.start();
    Config config =
        new ConfigBuilder()
            .withMasterUrl("http://127.0.0.1:" + server.getAddress().getPort())
            .withRequestRetryBackoffLimit(0)
            .build();
    try (KubernetesClient plain = new KubernetesClientBuilder().withConfig(config).build();
        KubernetesClient client = pausing.fenced(plain)) {
      var configMap =
          new ConfigMapBuilder().withNewMetadata().withName("x").withNamespace("a").endMetadata();
      assertTimeoutPreemptively(
          Duration.ofSeconds(20),
          () ->
              assertThatThrownBy(() -> client.resource(configMap.build()).create())
                  .satisfies(e -> assertThat(LeaseFence.refused(e)).as(e.toString()).isTrue())
                  .hasMessageContaining("refused before sending its body"));
      assertThat(looks).as("checked by the interceptor, then at the body").hasValue(2);
      assertThat(complete).as("no complete request reached the server").hasValue(0);
    } finally {
      server.stop(0);
    }
  }

  /** The elector's write of the lease as the interceptor sees it, answered with {@code code}. */
  private void renew(String holder, Instant stamped, int code) {
    String body =
        """
        {"apiVersion":"coordination.k8s.io/v1","kind":"Lease",\
        "metadata":{"name":"rempart-leader","namespace":"rempart","resourceVersion":"7"},\
        "spec":{"holderIdentity":"%s","leaseDurationSeconds":15,"renewTime":"%s"}}"""
            .formatted(holder, stamped);
    HttpRequest request =
        new StandardHttpRequest.Builder()
            .uri(URI.create("https://api.example" + LEASES + "/rempart-leader"))
            .method("PATCH", "application/merge-patch+json", body)
            .build();
    fence.before(null, request, null);
    fence.after(request, response(code), null);
  }

  private static HttpResponse<?> response(int code) {
    return (HttpResponse<?>)
        Proxy.newProxyInstance(
            LeaseFenceTest.class.getClassLoader(),
            new Class<?>[] {HttpResponse.class},
            (proxy, method, args) -> {
              if (method.getName().equals("code")) {
                return code;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  /** Time passes for both clocks. */
  private void advance(Duration d) {
    monotonic.addAndGet(d.toNanos());
    wall.now = wall.now.plus(d);
  }

  /** A wall clock the test sets. */
  private static final class MovableClock extends Clock {
    volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
