package dev.rempart.core.controls.encryption;

import dev.rempart.core.ControlResult;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

/**
 * Clause 3.1, in transit: a Service of type LoadBalancer that exposes port 80 offers plain HTTP on
 * an external network. Medium, not high: such a listener often only redirects to HTTPS, which the
 * API cannot show; the message says so.
 */
final class LoadBalancerPorts {
  static final String CHECK = "plaintextLoadBalancer";
  static final int HTTP = 80;

  private LoadBalancerPorts() {}

  static void check(Service service, ControlResult.Builder out) {
    if (service.getSpec() == null
        || !"LoadBalancer".equals(service.getSpec().getType())
        || service.getSpec().getPorts() == null) {
      return;
    }
    for (ServicePort port : service.getSpec().getPorts()) {
      if (port.getPort() == null || port.getPort() != HTTP) {
        continue;
      }
      out.finding(
          Finding.of(
              EncryptionControl.NAME,
              CHECK,
              EncryptionControl.CLAUSE,
              Severity.MEDIUM,
              ResourceRef.of(service),
              "Service "
                  + service.getMetadata().getNamespace()
                  + "/"
                  + service.getMetadata().getName()
                  + " is a LoadBalancer exposing port 80"
                  + (port.getName() == null ? "" : " (" + port.getName() + ")")
                  + ", plain HTTP on an external network. Expose only the TLS port (443), or"
                  + " terminate TLS at the load balancer; if port 80 only redirects to HTTPS,"
                  + " move that redirect to the ingress controller and drop the port."));
    }
  }
}
