package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.it.ControlPlane;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * The suites the image's client-compiler JVM offers, against a real API server: it picks
 * ChaCha20-Poly1305 from them, and the operator's client works with them.
 */
class CipherPreferenceIT {
  @Test
  void theApiServerPicksChachaWhenOfferedFirst() throws Exception {
    Config config = ControlPlane.config();
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(
                SSLUtils.sslContext(SSLUtils.keyManagers(config), SSLUtils.trustManagers(config)))
            .sslParameters(CipherPreference.parameters(config))
            .build();

    HttpResponse<String> version =
        http.send(
            HttpRequest.newBuilder(URI.create(config.getMasterUrl() + "version")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(version.statusCode()).isEqualTo(200);
    assertThat(version.sslSession().orElseThrow().getCipherSuite())
        .isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
  }

  @Test
  void theOperatorsClientWorksWithThem() {
    Config config = ControlPlane.config();
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withHttpClientFactory(CipherPreference.httpClientFactory(config, true))
            .build()) {
      assertThat(client.namespaces().withName("default").get()).isNotNull();
    }
  }
}
