package dev.rempart.operator;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.internal.OperationSupport;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.util.concurrent.ExecutionException;

/**
 * A server-side apply of one object, sent through the client's own HTTP client (its fence,
 * interceptors, retries and timeouts) to an address written out from the object's API version,
 * plural, namespace and name. fabric8's resource DSL builds the same address through four {@code
 * URLUtils.join} calls, each parsing a URI and compiling four regular expressions: 13 % of the
 * operator's CPU during a convergence of 10,000 namespaces, more than its JSON bodies took. Objects
 * fabric8 has no model for (policy reports) are addressed by their API version and plural.
 */
public final class ServerSideApply {
  /**
   * Each model's plural, worked out once: fabric8's {@code HasMetadata.getPlural} runs its
   * regular-expression pluralizer on every call, even for a model that names its plural (20 of the
   * 148 JFR samples inside this class during a convergence of 10,000 namespaces).
   */
  private static final ClassValue<String> PLURALS =
      new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
          return HasMetadata.getPlural(type.asSubclass(HasMetadata.class));
        }
      };

  private final KubernetesClient client;
  private final String apiRoot;
  private final String query;

  /**
   * @param fieldManager the field manager every apply is made under, with {@code force=true}
   */
  public ServerSideApply(KubernetesClient client, String fieldManager) {
    this.client = client;
    String master = client.getConfiguration().getMasterUrl();
    this.apiRoot = master.endsWith("/") ? master.substring(0, master.length() - 1) : master;
    this.query = "?force=true&fieldManager=" + fieldManager;
  }

  /**
   * Whether {@link #apply} can address {@code object}: a typed model of fabric8 (a generic object's
   * plural is only known from discovery, which the resource DSL does).
   */
  static boolean addresses(HasMetadata object) {
    return !(object instanceof GenericKubernetesResource)
        && object.getApiVersion() != null
        && object.getMetadata() != null
        && object.getMetadata().getName() != null
        && (!(object instanceof Namespaced) || object.getMetadata().getNamespace() != null);
  }

  /** Where {@code object} lives on the API server, with the apply's parameters. */
  String address(HasMetadata object) {
    return address(
        object.getApiVersion(),
        PLURALS.get(object.getClass()),
        object instanceof Namespaced ? object.getMetadata().getNamespace() : null,
        object.getMetadata().getName());
  }

  /**
   * Where an object of {@code apiVersion} and {@code plural} lives, with the apply's parameters.
   *
   * @param namespace null for a cluster-scoped object
   */
  public String address(String apiVersion, String plural, String namespace, String name) {
    StringBuilder url = new StringBuilder(apiRoot.length() + 128).append(apiRoot);
    url.append(apiVersion.indexOf('/') < 0 ? "/api/" : "/apis/").append(apiVersion);
    if (namespace != null) {
      url.append("/namespaces/").append(namespace);
    }
    return url.append('/').append(plural).append('/').append(name).append(query).toString();
  }

  /**
   * Applies {@code body} as {@code object}'s desired state and returns what the API server holds
   * after it, as fabric8's {@code patch} would: the same exception for an answer that is not a
   * success, or for a request that could not be made.
   */
  @SuppressWarnings("unchecked")
  <T extends HasMetadata> T apply(T object, String body) {
    byte[] answer = send(address(object), body);
    return (T)
        client
            .getKubernetesSerialization()
            .unmarshal(new ByteArrayInputStream(answer), object.getClass());
  }

  /**
   * Applies {@code body} at {@code address} and leaves the answer unread: for a writer that needs
   * nothing of the object as stored (a policy report whose content it already knows).
   */
  public void applyUnread(String address, String body) {
    send(address, body);
  }

  private byte[] send(String address, String body) {
    HttpClient http = client.getHttpClient();
    HttpRequest request =
        http.newHttpRequestBuilder()
            .uri(address)
            .patch(PatchType.SERVER_SIDE_APPLY.getContentType(), body)
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.sendAsync(request, byte[].class).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KubernetesClientException.launderThrowable(e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof KubernetesClientException k) {
        throw k.copyAsCause(); // with this thread's stack, as fabric8 does
      }
      throw OperationSupport.requestException(request, asException(cause));
    }
    if (!response.isSuccessful()) {
      throw OperationSupport.requestFailure(
          request, OperationSupport.createStatus(response, client.getKubernetesSerialization()));
    }
    return response.body();
  }

  private static Exception asException(Throwable t) {
    return t instanceof Exception e ? e : new RuntimeException(t);
  }
}
