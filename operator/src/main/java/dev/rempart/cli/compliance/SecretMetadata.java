package dev.rempart.cli.compliance;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lists service-account-token Secrets by their metadata alone: the API server answers with a {@code
 * PartialObjectMetadataList}, so the Secrets' data never leaves it. fabric8 7.5 has no call for
 * this (its {@code withoutFields} filters objects, not fields), hence the raw request with the
 * content-negotiation header. Metadata does not carry the type: a second list with a field selector
 * names the service-account-token Secrets, the one type the access control looks at. Rempart never
 * reads Secret data.
 */
public final class SecretMetadata {
  static final String ACCEPT = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1";
  static final String TOKEN_TYPE = "kubernetes.io/service-account-token";
  private static final long PAGE = 500;

  private SecretMetadata() {}

  /**
   * Every Secret of the cluster, metadata only: service-account-token Secrets with their type (a
   * second list, by field selector, says which they are), the others with no type (the data
   * deletion needs only their names).
   */
  public static List<Secret> list(KubernetesClient client) {
    Set<String> tokens = new HashSet<>();
    for (ObjectMeta meta : metadata(client, "type=" + TOKEN_TYPE)) {
      tokens.add(meta.getNamespace() + "/" + meta.getName());
    }
    List<Secret> secrets = new ArrayList<>();
    for (ObjectMeta meta : metadata(client, null)) {
      boolean token = tokens.contains(meta.getNamespace() + "/" + meta.getName());
      secrets.add(
          new SecretBuilder().withMetadata(meta).withType(token ? TOKEN_TYPE : null).build());
    }
    return secrets;
  }

  private static List<ObjectMeta> metadata(KubernetesClient client, String fieldSelector) {
    List<ObjectMeta> all = new ArrayList<>();
    String next = null;
    do {
      JsonNode list = page(client, fieldSelector, next);
      for (JsonNode item : list.path("items")) {
        all.add(
            ManifestReader.kubernetesSerialization()
                .convertValue(item.path("metadata"), ObjectMeta.class));
      }
      next = list.path("metadata").path("continue").asText("");
      next = next.isEmpty() ? null : next;
    } while (next != null);
    return all;
  }

  /** One page of the PartialObjectMetadataList, as the API server sent it. */
  static JsonNode page(KubernetesClient client, String fieldSelector, String continueToken) {
    String uri =
        client.getMasterUrl().toString().replaceAll("/+$", "")
            + "/api/v1/secrets?limit="
            + PAGE
            + (fieldSelector == null
                ? ""
                : "&fieldSelector=" + URLEncoder.encode(fieldSelector, StandardCharsets.UTF_8))
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
