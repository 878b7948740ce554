package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.TCPSocketAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Baseline (since v1.34): probes and lifecycle handlers may not name a {@code host}, which would
 * make the kubelet connect to any address on the pod's behalf. Checks the httpGet and tcpSocket
 * forms of the liveness, readiness and startup probes and of the postStart and preStop handlers.
 */
final class HostProbesAndLifecycleCheck implements StandardCheck {
  @Override
  public String id() {
    return "hostProbesAndHostLifecycle";
  }

  @Override
  public PodSecurityLevel level() {
    return PodSecurityLevel.BASELINE;
  }

  @Override
  public Optional<Violation> evaluate(ObjectMeta podMetadata, PodSpec spec) {
    SortedSet<String> bad = new TreeSet<>();
    SortedSet<String> hosts = new TreeSet<>();
    for (ContainerView c : ContainerView.of(spec)) {
      List<String> found = new ArrayList<>();
      probe(c.livenessProbe(), found);
      probe(c.readinessProbe(), found);
      probe(c.startupProbe(), found);
      Lifecycle lifecycle = c.lifecycle();
      if (lifecycle != null) {
        handler(lifecycle.getPostStart(), found);
        handler(lifecycle.getPreStop(), found);
      }
      if (!found.isEmpty()) {
        bad.add(c.name());
        hosts.addAll(found);
      }
    }
    if (bad.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            "probe or lifecycle host",
            Details.containers(bad)
                + " "
                + Details.plural("uses", "use", bad.size())
                + " "
                + Details.plural(
                    "probe or lifecycle host", "probe or lifecycle hosts", hosts.size())
                + " "
                + Details.quoted(hosts),
            Severity.MEDIUM,
            "remove the host field from the httpGet and tcpSocket probes and lifecycle handlers,"
                + " so that the kubelet connects to the pod itself"));
  }

  private static void probe(Probe probe, List<String> found) {
    if (probe != null) {
      add(probe.getHttpGet(), probe.getTcpSocket(), found);
    }
  }

  private static void handler(LifecycleHandler handler, List<String> found) {
    if (handler != null) {
      add(handler.getHttpGet(), handler.getTcpSocket(), found);
    }
  }

  private static void add(HTTPGetAction http, TCPSocketAction tcp, List<String> found) {
    if (http != null && http.getHost() != null && !http.getHost().isEmpty()) {
      found.add(http.getHost());
    }
    if (tcp != null && tcp.getHost() != null && !tcp.getHost().isEmpty()) {
      found.add(tcp.getHost());
    }
  }
}
