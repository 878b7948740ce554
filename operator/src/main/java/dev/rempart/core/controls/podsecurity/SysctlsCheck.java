package dev.rempart.core.controls.podsecurity;

import dev.rempart.api.v1alpha1.PodSecurityLevel;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Sysctl;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Baseline: only the sysctls that are namespaced and isolated from other pods may be set. The safe
 * set is upstream's as of v1.32, which v1.35 still uses (v1.37 adds two more).
 */
final class SysctlsCheck implements StandardCheck {
  static final Set<String> SAFE =
      Set.of(
          "kernel.shm_rmid_forced",
          "net.ipv4.ip_local_port_range",
          "net.ipv4.tcp_syncookies",
          "net.ipv4.ping_group_range",
          "net.ipv4.ip_unprivileged_port_start",
          "net.ipv4.ip_local_reserved_ports",
          "net.ipv4.tcp_keepalive_time",
          "net.ipv4.tcp_fin_timeout",
          "net.ipv4.tcp_keepalive_intvl",
          "net.ipv4.tcp_keepalive_probes",
          "net.ipv4.tcp_rmem",
          "net.ipv4.tcp_wmem");

  @Override
  public String id() {
    return "sysctls";
  }

  @Override
  public PodSecurityLevel level() {
    return PodSecurityLevel.BASELINE;
  }

  @Override
  public Optional<Violation> evaluate(ObjectMeta podMetadata, PodSpec spec) {
    List<String> forbidden = new ArrayList<>();
    if (spec.getSecurityContext() != null && spec.getSecurityContext().getSysctls() != null) {
      for (Sysctl sysctl : spec.getSecurityContext().getSysctls()) {
        if (!SAFE.contains(sysctl.getName())) {
          forbidden.add(sysctl.getName());
        }
      }
    }
    if (forbidden.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            "forbidden sysctls",
            String.join(", ", forbidden),
            Severity.MEDIUM,
            "remove these sysctls from spec.securityContext.sysctls; only "
                + String.join(", ", new TreeSet<>(SAFE))
                + " may be set"));
  }
}
