package dev.rempart.operator;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The JDK HTTP client under fabric8's, giving each write a {@link FencedBody}: the same method,
 * address, headers, timeout and version, with the fence asked again as the client pulls the body.
 * fabric8's interceptor ({@link LeaseFence}) refuses a write early and clearly; this check is the
 * one made after the hand-over to the JDK client's threads and the connection's acquisition, where
 * a process paused just after the interceptor's check used to send its write on resuming.
 */
final class BodyFencedJdkClient extends HttpClient {
  /** Decides, as a write's body is pulled, whether it may go. */
  interface Gate {
    /** Null when {@code method} on {@code path} may be sent now; else why not, to fail it with. */
    RuntimeException refusal(String method, String path);
  }

  private final HttpClient delegate;
  private final Gate gate;

  BodyFencedJdkClient(HttpClient delegate, Gate gate) {
    this.delegate = delegate;
    this.gate = gate;
  }

  /** {@code request} as it is sent: a write's body behind the gate; anything else unchanged. */
  static HttpRequest fenced(HttpRequest request, Gate gate) {
    if (!LeaseFence.MUTATING.contains(request.method())) {
      return request;
    }
    String method = request.method();
    String path = request.uri().getRawPath();
    Supplier<RuntimeException> refusal = () -> gate.refusal(method, path);
    return HttpRequest.newBuilder(request, (name, value) -> true)
        .method(method, FencedBody.of(request.bodyPublisher(), refusal))
        .build();
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return delegate.send(fenced(request, gate), handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return delegate.sendAsync(fenced(request, gate), handler);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    return delegate.sendAsync(fenced(request, gate), handler, pushPromiseHandler);
  }

  @Override
  public WebSocket.Builder newWebSocketBuilder() {
    return delegate.newWebSocketBuilder();
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    // fabric8 shuts the executor down through this when its client is closed.
    return delegate.executor();
  }
}
