package dev.rempart.core.controls.podsecurity;

import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Beyond the standards: no Service of type NodePort (clause 4.5, no unneeded exposure). A NodePort
 * opens the port on every node of the cluster, around any ingress controller, TLS termination or
 * firewall placed in front of the applications. Medium severity: the exposure is real but limited
 * to what the Service selects. LoadBalancer Services also allocate node ports, but they are the
 * declared way to publish a service, and are not reported here.
 */
final class NodePortServiceCheck {
  static final String ID = "nodePortService";

  private NodePortServiceCheck() {}

  static Optional<Violation> evaluate(Service service) {
    if (service.getSpec() == null || !"NodePort".equals(service.getSpec().getType())) {
      return Optional.empty();
    }
    List<String> ports = new ArrayList<>();
    if (service.getSpec().getPorts() != null) {
      for (ServicePort p : service.getSpec().getPorts()) {
        String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol();
        String node =
            p.getNodePort() == null ? "an allocated node port" : "node port " + p.getNodePort();
        ports.add(node + " for " + p.getPort() + "/" + protocol);
      }
    }
    String detail =
        ports.isEmpty()
            ? "type NodePort opens its ports on every node"
            : "type NodePort opens " + joinAnd(ports) + " on every node";
    return Optional.of(
        new Violation(
            "NodePort Service",
            detail,
            Severity.MEDIUM,
            "make it a ClusterIP Service and publish it through an Ingress or Gateway (or a"
                + " LoadBalancer with loadBalancerSourceRanges) if it must be reached from"
                + " outside"));
  }

  private static String joinAnd(List<String> items) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }
}
