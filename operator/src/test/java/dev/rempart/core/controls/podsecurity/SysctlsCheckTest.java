package dev.rempart.core.controls.podsecurity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** sysctls: the safe set of v1.35, and nothing else. */
class SysctlsCheckTest {
  private final SysctlsCheck check = new SysctlsCheck();

  static Stream<String> safe() {
    return Stream.of(
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
  }

  @ParameterizedTest
  @MethodSource("safe")
  void safeSysctlsPass(String name) {
    assertThat(Pods.verdict(check, sysctls(name))).isEmpty();
  }

  @Test
  void theSafeSetIsExactlyV135s() {
    assertThat(SysctlsCheck.SAFE).containsExactlyInAnyOrderElementsOf(safe().toList());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kernel.msgmax",
        "net.core.somaxconn",
        "vm.swappiness",
        // Added to the safe set only in v1.37.
        "net.ipv4.tcp_slow_start_after_idle",
        "net.ipv4.tcp_notsent_lowat",
        // Names are matched exactly: no prefix or slash form.
        "kernel/shm_rmid_forced",
        "net.ipv4.tcp_rmem.extra"
      })
  void othersFail(String name) {
    assertThat(Pods.verdict(check, sysctls(name))).contains("forbidden sysctls (" + name + ")");
  }

  @Test
  void listsForbiddenSysctlsInSpecOrder() {
    assertThat(
            Pods.verdict(
                check,
                "{securityContext: {sysctls: [{name: vm.swappiness, value: '1'}, {name:"
                    + " net.ipv4.tcp_syncookies, value: '1'}, {name: kernel.msgmax, value:"
                    + " '1'}]}}"))
        .contains("forbidden sysctls (vm.swappiness, kernel.msgmax)");
  }

  private static String sysctls(String name) {
    return "{securityContext: {sysctls: [{name: '" + name + "', value: '1'}]}}";
  }
}
