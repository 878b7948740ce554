package dev.rempart.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.impl.KubernetesClientImpl;
import io.fabric8.kubernetes.client.jdkhttp.WrappedJdkClient;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fencing at the HTTP layer: every mutating request of the operator's client is refused before it
 * is sent unless this process holds its leader-election Lease now, by its own clocks. The checks
 * higher up ({@link LeaseGuard#mayWrite()}) decide whether a round writes; this one is the last
 * thing a request passes before the HTTP client, so that it also covers what those checks do not
 * see: JOSDK's finalizer and status patches, and writes that waited in a queue while the process
 * was paused.
 *
 * <p>"Holds the lease now" means: the last renewal this process made, that the API server accepted,
 * is younger than the renew deadline (10 s, under the lease's 15 s) by both clocks. The monotonic
 * clock ({@code System.nanoTime}, CLOCK_MONOTONIC on Linux) counts the time a process is stopped
 * (SIGSTOP, a frozen cgroup), so a process resumed after its lease ran out sees it lost at once;
 * the wall clock counts what the monotonic one does not (a suspended machine) and the time between
 * the elector stamping a renewal and sending it. A follower may take the lease 15 s after the last
 * renewal time; the fence closes 10 s after it: 5 s of margin for clock drift.
 *
 * <p>Not fenced: the lease's own requests (the elector must renew to hold it) and the access and
 * identity reviews ({@code authentication.k8s.io}, {@code authorization.k8s.io}: creates that
 * persist nothing, made at startup before leading). Reads are never fenced.
 */
final class LeaseFence implements Interceptor {
  static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final Logger LOG = LoggerFactory.getLogger(LeaseFence.class);

  private static final String NAME = "rempart-lease-fence";
  private static final long NEVER = Long.MIN_VALUE;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> REVIEWS =
      List.of("/apis/authentication.k8s.io/", "/apis/authorization.k8s.io/");

  private final String leases;
  private final String leaseName;
  private final String identity;
  private final Duration validFor;
  private final LongSupplier monotonic;
  private final Clock wall;

  /** The monotonic time a renewal was sent at, until its answer comes. */
  private volatile long sending = NEVER;

  /** The client whose callers a refused retry must not leave waiting; null outside a client. */
  private volatile FencedHttpClient callers;

  private volatile long renewedMonotonic = NEVER;
  private volatile Instant renewedWall = Instant.MIN;

  LeaseFence(
      String leaseNamespace,
      String leaseName,
      String identity,
      Duration validFor,
      LongSupplier monotonic,
      Clock wall) {
    this.leases = "/apis/coordination.k8s.io/v1/namespaces/" + leaseNamespace + "/leases";
    this.leaseName = leaseName;
    this.identity = identity;
    this.validFor = validFor;
    this.monotonic = monotonic;
    this.wall = wall;
  }

  /**
   * {@code client} with this fence on every request, twice: as fabric8's interceptor, before the
   * request is handed to the JDK HTTP client, and as the JDK client pulls a write's body ({@link
   * BodyFencedJdkClient}). A view derived from its HTTP client (same connections, configuration and
   * serialization), closed when {@code client} is.
   */
  KubernetesClient fenced(KubernetesClient client) {
    HttpClient http =
        WrappedJdkClient.of(
                client.getHttpClient(), jdk -> new BodyFencedJdkClient(jdk, this::bodyRefusal))
            .newBuilder()
            .addOrReplaceInterceptor(NAME, this)
            .build();
    FencedHttpClient fenced = new FencedHttpClient(http);
    callers = fenced;
    return new KubernetesClientImpl(
        fenced, client.getConfiguration(), null, client.getKubernetesSerialization());
  }

  /** True when the last accepted renewal is younger than the deadline by both clocks. */
  boolean holdsLease() {
    long renewed = renewedMonotonic;
    return renewed != NEVER
        && monotonic.getAsLong() - renewed < validFor.toNanos()
        && wall.instant().isBefore(renewedWall.plus(validFor));
  }

  /** Whether the fence lets {@code method} on {@code path} through now. */
  boolean allows(String method, String path) {
    return !MUTATING.contains(method) || exempt(path) || holdsLease();
  }

  /** The check made as the JDK client pulls a write's body: null when it may be sent. */
  RuntimeException bodyRefusal(String method, String path) {
    if (allows(method, path)) {
      return null;
    }
    // Said here: its caller may be gone (interrupted as the operator stops) and say nothing.
    LOG.warn(
        "fencing: {} {} refused at its body (the request is aborted, not applied)", method, path);
    return new Refused(method, path, "its body");
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    String path = request.uri().getRawPath();
    if (isLease(path) && MUTATING.contains(request.method()) && renewal(request) != null) {
      sending = monotonic.getAsLong();
    }
    if (!allows(request.method(), path)) {
      Refused refused = new Refused(request.method(), path, "it");
      // A retry runs on fabric8's scheduler, where this exception is lost: fail the caller's wait.
      FencedHttpClient client = callers;
      if (client != null) {
        client.refuse(request, refused);
      }
      // A first attempt runs on the calling thread: the caller gets this from its write.
      throw refused;
    }
  }

  @Override
  public void after(
      HttpRequest request,
      HttpResponse<?> response,
      AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    if (!isLease(request.uri().getRawPath()) || !MUTATING.contains(request.method())) {
      return;
    }
    Instant stamped = renewal(request);
    long sent = sending;
    sending = NEVER;
    if (stamped != null && response.code() >= 200 && response.code() < 300 && sent != NEVER) {
      renewed(sent, stamped);
    }
  }

  /**
   * The API server accepted a renewal sent at monotonic time {@code sent}, stamped {@code stamped}
   * by the elector (its renewTime, by the wall clock).
   */
  void renewed(long sent, Instant stamped) {
    renewedWall = stamped;
    renewedMonotonic = sent;
  }

  /** A request on the operator's own lease, or a review that persists nothing. */
  private boolean exempt(String path) {
    return isLease(path) || REVIEWS.stream().anyMatch(path::startsWith);
  }

  /** The lease collection (its creation) or the lease itself; not another lease. */
  private boolean isLease(String path) {
    return path.equals(leases) || path.equals(leases + "/" + leaseName);
  }

  /** The renewTime of a lease write that makes this process the holder; null for any other. */
  private Instant renewal(HttpRequest request) {
    String body = request.bodyString();
    if (body == null || body.isEmpty()) {
      return null;
    }
    try {
      JsonNode lease = JSON.readTree(body);
      JsonNode spec = lease.path("spec");
      if (!leaseName.equals(lease.path("metadata").path("name").asText(leaseName))
          || !identity.equals(spec.path("holderIdentity").asText())
          || !spec.path("renewTime").isTextual()) {
        return null;
      }
      return Instant.parse(spec.path("renewTime").asText());
    } catch (IOException | DateTimeParseException e) {
      return null;
    }
  }

  /** A write the fence refused: it was not sent, or not its body (the request is incomplete). */
  static final class Refused extends KubernetesClientException {
    Refused(String method, String path, String what) {
      super(
          method
              + " "
              + path
              + " refused before sending "
              + what
              + ": this instance does not hold the leader-election lease now (fencing)");
    }
  }

  /** Whether {@code e}, or what caused it, is a write the fence refused. */
  static boolean refused(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof Refused) {
        return true;
      }
    }
    return false;
  }
}
