package dev.rempart.core.controls.encryption;

import dev.rempart.core.ControlResult;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Clause 3.1, in transit: every host an Ingress serves is covered by one of its {@code tls}
 * entries, and no ingress-nginx annotation turns the HTTP-to-HTTPS redirect off.
 *
 * <p>A {@code tls} host covers a rule host that is equal to it (case-insensitively), and a wildcard
 * {@code *.example.com} covers a single label in its place ({@code shop.example.com}, not {@code
 * a.b.example.com}), as certificates do. A rule without a host answers any host name: it is covered
 * only by a {@code tls} entry without hosts (the controller's default certificate).
 */
final class IngressTls {
  static final String CHECK_HOSTS = "ingressTls";
  static final String CHECK_REDIRECT = "sslRedirect";
  static final List<String> REDIRECT_ANNOTATIONS =
      List.of(
          "nginx.ingress.kubernetes.io/ssl-redirect",
          "nginx.ingress.kubernetes.io/force-ssl-redirect");

  private IngressTls() {}

  static void check(Ingress ingress, boolean requireTls, ControlResult.Builder out) {
    if (requireTls) {
      checkHosts(ingress, out);
    }
    checkRedirect(ingress, out);
  }

  private static void checkHosts(Ingress ingress, ControlResult.Builder out) {
    List<String> uncovered = uncoveredHosts(ingress);
    if (uncovered.isEmpty()) {
      return;
    }
    String display = ingress.getMetadata().getNamespace() + "/" + ingress.getMetadata().getName();
    out.finding(
        Finding.of(
            EncryptionControl.NAME,
            CHECK_HOSTS,
            EncryptionControl.CLAUSE,
            Severity.HIGH,
            ResourceRef.of(ingress),
            "Ingress "
                + display
                + " serves "
                + String.join(", ", uncovered)
                + " without TLS: no tls entry covers "
                + (uncovered.size() == 1 ? "it" : "them")
                + ", so traffic to "
                + (uncovered.size() == 1 ? "it" : "them")
                + " crosses the network in clear text. Add a tls entry listing every host, with"
                + " a certificate Secret (cert-manager can issue one)."));
  }

  /** The hosts of the rules that no tls entry covers; {@code *} stands for a rule without host. */
  static List<String> uncoveredHosts(Ingress ingress) {
    if (ingress.getSpec() == null || ingress.getSpec().getRules() == null) {
      return List.of();
    }
    List<IngressTLS> tls =
        ingress.getSpec().getTls() == null ? List.of() : ingress.getSpec().getTls();
    Set<String> uncovered = new LinkedHashSet<>();
    for (IngressRule rule : ingress.getSpec().getRules()) {
      String host = rule.getHost();
      if (host == null || host.isEmpty()) {
        boolean defaultCertificate =
            tls.stream().anyMatch(t -> t.getHosts() == null || t.getHosts().isEmpty());
        if (!defaultCertificate) {
          uncovered.add("* (a rule without host)");
        }
      } else if (tls.stream().noneMatch(t -> covers(t, host))) {
        uncovered.add(host);
      }
    }
    return new ArrayList<>(uncovered);
  }

  static boolean covers(IngressTLS tls, String host) {
    if (tls.getHosts() == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    for (String pattern : tls.getHosts()) {
      String p = pattern == null ? "" : pattern.toLowerCase(Locale.ROOT);
      if (p.equals(h)) {
        return true;
      }
      if (p.startsWith("*.") && !h.startsWith("*.")) {
        int dot = h.indexOf('.');
        if (dot > 0 && h.substring(dot).equals(p.substring(1))) {
          return true;
        }
      }
    }
    return false;
  }

  private static void checkRedirect(Ingress ingress, ControlResult.Builder out) {
    Map<String, String> annotations = ingress.getMetadata().getAnnotations();
    if (annotations == null) {
      return;
    }
    String display = ingress.getMetadata().getNamespace() + "/" + ingress.getMetadata().getName();
    for (String key : REDIRECT_ANNOTATIONS) {
      String value = annotations.get(key);
      if (value == null || !value.trim().equalsIgnoreCase("false")) {
        continue;
      }
      out.finding(
          Finding.of(
              EncryptionControl.NAME,
              CHECK_REDIRECT,
              EncryptionControl.CLAUSE,
              Severity.MEDIUM,
              ResourceRef.of(ingress),
              "Ingress "
                  + display
                  + " sets "
                  + key
                  + ": \"false\", which keeps ingress-nginx from redirecting plain HTTP to HTTPS,"
                  + " so its content is also served unencrypted. Remove the annotation (or set it"
                  + " to \"true\")."));
    }
  }
}
