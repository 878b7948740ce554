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

  /**
   * {@code request} as it is sent: a write's body behind the gate; anything else unchanged. A write
   * without a body (fabric8 sends none: its deletes carry DeleteOptions) is asked about here, as it
   * is handed to the JDK client, and thrown back when refused: the JDK client never pulls a body of
   * length 0, and an empty body of unknown length, pulled instead, made the JDK 17 HTTP/1.1 client
   * fail now and then with a NullPointerException of its own.
   */
  static HttpRequest fenced(HttpRequest request, Gate gate) {
    if (!LeaseFence.MUTATING.contains(request.method())) {
      return request;
    }
    String method = request.method();
    String path = request.uri().getRawPath();
    if (request.bodyPublisher().map(b -> b.contentLength() == 0).orElse(true)) {
      RuntimeException refused = gate.refusal(method, path);
      if (refused != null) {
        throw refused;
      }
      return request;
    }
    Supplier<RuntimeException> refusal = () -> gate.refusal(method, path);
    return HttpRequest.newBuilder(request, (name, value) -> true)
        .method(method, FencedBody.of(request.bodyPublisher().orElseThrow(), refusal))
        .build();
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    HttpRequest sent = fenced(request, gate);
    try {
      return delegate.send(sent, handler);
    } catch (IOException e) {
      RuntimeException refused = refused(sent);
      if (refused != null) {
        throw refused;
      }
      throw e;
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    HttpRequest sent;
    try {
      sent = fenced(request, gate);
    } catch (RuntimeException refused) {
      return CompletableFuture.failedFuture(refused);
    }
    return asRefused(sent, delegate.sendAsync(sent, handler));
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    HttpRequest sent;
    try {
      sent = fenced(request, gate);
    } catch (RuntimeException refused) {
      return CompletableFuture.failedFuture(refused);
    }
    return asRefused(sent, delegate.sendAsync(sent, handler, pushPromiseHandler));
  }

  /**
   * The answer to {@code sent}, failed with the fence's refusal if its body was refused: the JDK
   * client may report the aborted request as an error of its own (of its HTTP/2 stream, say),
   * without the refusal as its cause, and the caller must see a fenced write, not a failed one
   * (which fabric8 would also retry).
   */
  static <T> CompletableFuture<HttpResponse<T>> asRefused(
      HttpRequest sent, CompletableFuture<HttpResponse<T>> answer) {
    if (!(sent.bodyPublisher().orElse(null) instanceof FencedBody)) {
      return answer;
    }
    CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
    answer.whenComplete(
        (response, error) -> {
          RuntimeException refused = refused(sent);
          if (error != null) {
            result.completeExceptionally(refused != null ? refused : error);
          } else {
            result.complete(response);
          }
        });
    // A caller that gives up (a timeout) cancels this one: pass it on.
    result.whenComplete(
        (r, e) -> {
          if (result.isCancelled()) {
            answer.cancel(true);
          }
        });
    return result;
  }

  /** The refusal of {@code sent}'s body, or null if it was not refused. */
  private static RuntimeException refused(HttpRequest sent) {
    return sent.bodyPublisher().orElse(null) instanceof FencedBody body ? body.refused() : null;
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
