package dev.rempart.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lists service-account-token Secrets by their metadata alone: the API server answers with a {@code
 * PartialObjectMetadataList}, so the Secrets' data never leaves it. fabric8 7.5 has no call for
 * this (its {@code withoutFields} filters objects, not fields), hence the raw request with the
 * content-negotiation header. A field selector asks for token Secrets only, the one type the access
 * control looks at: the type, which metadata does not carry, is thus known. Rempart never reads
 * Secret data.
 */
public final class SecretMetadata {
  static final String ACCEPT = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";
  static final String TOKEN_TYPE = "kubernetes.io/service-account-token";
  private static final long PAGE = 500;

  private SecretMetadata() {}

  /** Every service-account-token Secret of the cluster: metadata and type, no data. */
  public static List<Secret> list(KubernetesClient client) {
    List<Secret> secrets = new ArrayList<>();
    String next = null;
    do {
      JsonNode list = page(client, next);
      for (JsonNode item : list.path("items")) {
        ObjectMeta meta =
            ManifestReader.kubernetesSerialization()
                .convertValue(item.path("metadata"), ObjectMeta.class);
        secrets.add(new SecretBuilder().withMetadata(meta).withType(TOKEN_TYPE).build());
      }
      next = list.path("metadata").path("continue").asText("");
      next = next.isEmpty() ? null : next;
    } while (next != null);
    return secrets;
  }

  /** One page of the PartialObjectMetadataList, as the API server sent it. */
  static JsonNode page(KubernetesClient client, String continueToken) {
    String uri =
        client.getMasterUrl().toString().replaceAll("/+$", "")
            + "/api/v1/secrets?fieldSelector="
            + URLEncoder.encode("type=" + TOKEN_TYPE, StandardCharsets.UTF_8)
            + "&limit="
            + PAGE
            + (continueToken == null
                ? ""
                : "&continue=" + URLEncoder.encode(continueToken, StandardCharsets.UTF_8));
    return get(client.getHttpClient(), uri);
  }

  private static JsonNode get(HttpClient http, String uri) {
    HttpRequest request = http.newHttpRequestBuilder().uri(uri).header("Accept", ACCEPT).build();
    try {
      HttpResponse<String> response =
          http.sendAsync(request, String.class).get(60, TimeUnit.SECONDS);
      if (!response.isSuccessful()) {
        throw new KubernetesClientException(
            "listing Secret metadata: HTTP " + response.code(), response.code(), null);
      }
      return ManifestReader.kubernetesSerialization().unmarshal(response.body(), JsonNode.class);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while listing Secret metadata", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KubernetesClientException("cannot list Secret metadata: " + e.getMessage(), e);
    }
  }
}
