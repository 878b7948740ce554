package dev.rempart.operator;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.http.WebSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's HTTP client with {@link LeaseFence} on it, keeping the future each write's caller
 * waits on. fabric8 retries a failed request (a 503, a refused connection) from a scheduler thread
 * of its own; a refusal thrown there by the fence would be lost, and the caller would wait forever.
 * The fence fails the caller's future instead, through {@link #refuse}.
 */
final class FencedHttpClient implements HttpClient {
  private final HttpClient delegate;

  /**
   * The writes whose callers wait, by what they send: each attempt is a copy of the request (a new
   * object, a new id), with the same method, address and body. Shared with the clients derived from
   * this one.
   */
  private final Set<Waiting> waiting;

  /** A caller waiting for the answer to a write. */
  private record Waiting(String method, URI uri, String body, CompletableFuture<?> future) {
    boolean sends(HttpRequest request) {
      return method.equals(request.method())
          && uri.equals(request.uri())
          && Objects.equals(body, request.bodyString());
    }
  }

  FencedHttpClient(HttpClient delegate) {
    this(delegate, ConcurrentHashMap.newKeySet());
  }

  private FencedHttpClient(HttpClient delegate, Set<Waiting> waiting) {
    this.delegate = delegate;
    this.waiting = waiting;
  }

  /** Fails the wait for {@code request}, if its caller is waiting (a retry was refused). */
  void refuse(HttpRequest request, RuntimeException refusal) {
    // Two identical writes at once are both failed: the other one's outcome is then unknown to
    // its caller, as after a timeout, which it handles already.
    for (Waiting w : waiting) {
      if (w.sends(request)) {
        waiting.remove(w);
        w.future().completeExceptionally(refusal);
      }
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, Class<T> type) {
    return kept(request, delegate.sendAsync(request, type));
  }

  @Override
  public CompletableFuture<HttpResponse<AsyncBody>> consumeBytes(
      HttpRequest request, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    return kept(request, delegate.consumeBytes(request, consumer));
  }

  private <F extends CompletableFuture<?>> F kept(HttpRequest request, F future) {
    if (LeaseFence.MUTATING.contains(request.method())) {
      Waiting w = new Waiting(request.method(), request.uri(), request.bodyString(), future);
      waiting.add(w);
      future.whenComplete((r, t) -> waiting.remove(w));
    }
    return future;
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public DerivedClientBuilder newBuilder() {
    DerivedClientBuilder derived = delegate.newBuilder();
    return new DerivedClientBuilder() {
      @Override
      public HttpClient build() {
        return new FencedHttpClient(derived.build(), waiting);
      }

      @Override
      public DerivedClientBuilder addOrReplaceInterceptor(String name, Interceptor interceptor) {
        derived.addOrReplaceInterceptor(name, interceptor);
        return this;
      }

      @Override
      public DerivedClientBuilder authenticatorNone() {
        derived.authenticatorNone();
        return this;
      }

      @Override
      public DerivedClientBuilder tag(Object value) {
        derived.tag(value);
        return this;
      }
    };
  }

  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    return delegate.newWebSocketBuilder();
  }

  @Override
  public HttpRequest.Builder newHttpRequestBuilder() {
    return delegate.newHttpRequestBuilder();
  }

  @Override
  public boolean isClosed() {
    return delegate.isClosed();
  }
}
