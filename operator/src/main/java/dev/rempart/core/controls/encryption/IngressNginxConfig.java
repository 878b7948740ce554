package dev.rempart.core.controls.encryption;

import dev.rempart.core.ControlResult;
import dev.rempart.core.Evidence;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Clause 3.1, in transit: the TLS versions the ingress-nginx controller accepts, read from its
 * ConfigMap (its data is configuration, not a secret). The controller's ConfigMap is the one named
 * {@code ingress-nginx-controller}, or one labelled {@code app.kubernetes.io/name: ingress-nginx}
 * that sets {@code ssl-protocols} or whose name ends in {@code -controller} (the Helm chart's
 * {@code <release>-ingress-nginx-controller}); the chart's other ConfigMaps (TCP and UDP services)
 * carry the same label and are left alone. Without {@code ssl-protocols} ingress-nginx accepts
 * {@value #NGINX_DEFAULT}.
 *
 * <p>No such ConfigMap visible: the minimum TLS version is recorded as not verifiable (another
 * ingress controller, or a cloud load balancer that ends TLS, keeps it where the API cannot see).
 */
final class IngressNginxConfig {
  static final String CHECK_VERSION = "minTlsVersion";
  static final String CHECK_REDIRECT = "sslRedirect";
  static final String NAME = "ingress-nginx-controller";
  static final String NAME_LABEL = "app.kubernetes.io/name";
  static final String PROTOCOLS_KEY = "ssl-protocols";
  static final String REDIRECT_KEY = "ssl-redirect";
  static final String NGINX_DEFAULT = "TLSv1.2 TLSv1.3";

  private IngressNginxConfig() {}

  static boolean isControllerConfig(ConfigMap cm) {
    String name = cm.getMetadata().getName();
    Map<String, String> labels = cm.getMetadata().getLabels();
    Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
    if (NAME.equals(name)) {
      return true;
    }
    boolean labelled = labels != null && "ingress-nginx".equals(labels.get(NAME_LABEL));
    return labelled && (data.containsKey(PROTOCOLS_KEY) || name.endsWith("-controller"));
  }

  static void check(List<ConfigMap> all, TlsVersion minimum, ControlResult.Builder out) {
    List<ConfigMap> configs = all.stream().filter(IngressNginxConfig::isControllerConfig).toList();
    if (configs.isEmpty()) {
      out.evidence(
          new Evidence(
              EncryptionControl.NAME,
              CHECK_VERSION,
              EncryptionControl.CLAUSE,
              Evidence.Status.NOT_VERIFIABLE,
              null,
              "No ingress-nginx controller ConfigMap is visible: the TLS versions accepted at the"
                  + " edge (another ingress controller, a cloud load balancer) are not visible"
                  + " through the Kubernetes API. Keep the load balancer's TLS policy as evidence"
                  + " that "
                  + minimum.nginxName()
                  + " or later is required."));
      return;
    }
    for (ConfigMap cm : configs) {
      checkVersions(cm, minimum, out);
      checkRedirect(cm, out);
    }
  }

  private static void checkVersions(ConfigMap cm, TlsVersion minimum, ControlResult.Builder out) {
    ResourceRef ref = ResourceRef.of(cm);
    Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
    String value = data.get(PROTOCOLS_KEY);
    String effective = value == null || value.isBlank() ? NGINX_DEFAULT : value;
    String source =
        value == null || value.isBlank()
            ? "ssl-protocols is not set, so ingress-nginx accepts " + NGINX_DEFAULT
            : "ssl-protocols is \"" + value.trim() + "\"";
    TlsVersion.Protocols protocols = TlsVersion.parseNginx(effective);
    List<TlsVersion> weak = protocols.olderThan(minimum);
    if (weak.isEmpty() && !protocols.known().isEmpty()) {
      out.evidence(
          new Evidence(
              EncryptionControl.NAME,
              CHECK_VERSION,
              EncryptionControl.CLAUSE,
              Evidence.Status.COMPLIANT,
              ref,
              source + ": nothing older than " + minimum.nginxName() + "."));
      return;
    }
    String what =
        weak.isEmpty()
            ? "names no TLS version Rempart recognises ("
                + String.join(" ", protocols.unknown())
                + ")"
            : "enables "
                + weak.stream().map(TlsVersion::nginxName).collect(Collectors.joining(", "))
                + ", older than the baseline's minimum "
                + minimum.nginxName();
    out.evidence(
        new Evidence(
            EncryptionControl.NAME,
            CHECK_VERSION,
            EncryptionControl.CLAUSE,
            Evidence.Status.NON_COMPLIANT,
            ref,
            source + ": it " + what + "."));
    out.finding(
        Finding.of(
            EncryptionControl.NAME,
            CHECK_VERSION,
            EncryptionControl.CLAUSE,
            Severity.HIGH,
            ref,
            "The ingress-nginx controller ConfigMap "
                + ref.namespace()
                + "/"
                + ref.name()
                + " "
                + what
                + " ("
                + source
                + "). Set ssl-protocols to \""
                + allowedFrom(minimum)
                + "\" in this ConfigMap (or in the chart's controller.config)."));
  }

  private static void checkRedirect(ConfigMap cm, ControlResult.Builder out) {
    Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
    String redirect = data.get(REDIRECT_KEY);
    if (redirect == null || !redirect.trim().equalsIgnoreCase("false")) {
      return;
    }
    ResourceRef ref = ResourceRef.of(cm);
    out.finding(
        Finding.of(
            EncryptionControl.NAME,
            CHECK_REDIRECT,
            EncryptionControl.CLAUSE,
            Severity.MEDIUM,
            ref,
            "The ingress-nginx controller ConfigMap "
                + ref.namespace()
                + "/"
                + ref.name()
                + " sets ssl-redirect: \"false\", so every Ingress with TLS also serves its"
                + " content over plain HTTP. Remove the key (ingress-nginx then redirects HTTP to"
                + " HTTPS) or set it to \"true\"."));
  }

  /** The ssl-protocols value that allows only the minimum and newer. */
  static String allowedFrom(TlsVersion minimum) {
    return java.util.Arrays.stream(TlsVersion.values())
        .filter(v -> !v.olderThan(minimum))
        .map(TlsVersion::nginxName)
        .collect(Collectors.joining(" "));
  }
}
