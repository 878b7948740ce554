package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import java.util.List;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;

class CipherPreferenceTest {
  private static final String[] JDK_ORDER = {
    "TLS_AES_256_GCM_SHA384",
    "TLS_AES_128_GCM_SHA256",
    "TLS_CHACHA20_POLY1305_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
    "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"
  };

  @Test
  void chachaComesFirstAndNothingIsLost() {
    assertThat(CipherPreference.order(JDK_ORDER, true))
        .containsExactly(
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
  }

  @Test
  void withBothCompilersTheJdkOrderStays() {
    assertThat(CipherPreference.order(JDK_ORDER, false)).containsExactly(JDK_ORDER);
  }

  @Test
  void theParametersKeepFabric8sProtocols() {
    SSLParameters parameters =
        CipherPreference.parameters(new ConfigBuilder().withMasterUrl("https://x:6443").build());

    assertThat(parameters.getCipherSuites()[0]).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
    assertThat(List.of(parameters.getProtocols())).containsExactly("TLSv1.3", "TLSv1.2");
    assertThat(parameters.getCipherSuites()).contains("TLS_AES_128_GCM_SHA256");
  }
}
