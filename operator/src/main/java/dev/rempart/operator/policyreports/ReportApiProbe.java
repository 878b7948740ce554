package dev.rempart.operator.policyreports;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * Asks the API server's discovery (which needs no RBAC) whether the report CRDs of a format are
 * served, at most every {@link #INTERVAL}.
 */
final class ReportApiProbe {
  /** How long an answer holds. */
  static final Duration INTERVAL = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final ReportFormat format;
  private final Clock clock;
  private Instant probedAt;
  private String missing;

  ReportApiProbe(KubernetesClient client, ReportFormat format, Clock clock) {
    this.client = client;
    this.format = format;
    this.clock = clock;
  }

  /** The result of the last probe, after asking again if it is older than {@link #INTERVAL}. */
  synchronized Answer missingCrd() {
    Instant now = clock.instant();
    if (probedAt != null && now.isBefore(probedAt.plus(INTERVAL))) {
      return new Answer(missing, false);
    }
    String before = missing;
    missing = ask();
    boolean appeared = probedAt != null && before != null && missing == null;
    probedAt = now;
    return new Answer(missing, appeared);
  }

  /** Forgets the last answer: the next call asks the API server again. */
  synchronized void forget() {
    probedAt = null;
  }

  /**
   * What the probe found.
   *
   * @param crd the CRD that is not installed, or null when both are served
   * @param justAppeared true when this probe saw the CRDs appear after they were missing
   */
  record Answer(String crd, boolean justAppeared) {
    boolean served() {
      return crd == null;
    }
  }

  private String ask() {
    APIResourceList resources;
    try {
      resources = client.getApiResources(format.apiVersion());
    } catch (KubernetesClientException e) {
      resources = null;
    }
    Set<String> served = new HashSet<>();
    if (resources != null) {
      resources.getResources().stream().map(APIResource::getName).forEach(served::add);
    }
    for (boolean clusterScoped : new boolean[] {false, true}) {
      if (!served.contains(format.plural(clusterScoped))) {
        return format.crdName(clusterScoped);
      }
    }
    return null;
  }
}
