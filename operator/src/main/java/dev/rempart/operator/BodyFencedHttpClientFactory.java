package dev.rempart.operator;

import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * fabric8's JDK HTTP client, built as fabric8 builds it, with its JDK client wrapped in a {@link
 * BodyFencedJdkClient}. Clients derived from it (the informers', JOSDK's) share that JDK client.
 */
final class BodyFencedHttpClientFactory extends JdkHttpClientFactory {
  private final BodyFencedJdkClient.Gate gate;

  BodyFencedHttpClientFactory(BodyFencedJdkClient.Gate gate) {
    this.gate = gate;
  }

  @Override
  protected HttpClient.Builder createNewHttpClientBuilder() {
    return new Builder(super.createNewHttpClientBuilder(), gate);
  }

  /** The JDK client's builder, configured by fabric8, whose client is wrapped when built. */
  private static final class Builder implements HttpClient.Builder {
    private final HttpClient.Builder delegate;
    private final BodyFencedJdkClient.Gate gate;

    Builder(HttpClient.Builder delegate, BodyFencedJdkClient.Gate gate) {
      this.delegate = delegate;
      this.gate = gate;
    }

    @Override
    public HttpClient build() {
      return new BodyFencedJdkClient(delegate.build(), gate);
    }

    @Override
    public Builder cookieHandler(CookieHandler cookieHandler) {
      delegate.cookieHandler(cookieHandler);
      return this;
    }

    @Override
    public Builder connectTimeout(Duration duration) {
      delegate.connectTimeout(duration);
      return this;
    }

    @Override
    public Builder sslContext(SSLContext sslContext) {
      delegate.sslContext(sslContext);
      return this;
    }

    @Override
    public Builder sslParameters(SSLParameters sslParameters) {
      delegate.sslParameters(sslParameters);
      return this;
    }

    @Override
    public Builder executor(Executor executor) {
      delegate.executor(executor);
      return this;
    }

    @Override
    public Builder followRedirects(HttpClient.Redirect policy) {
      delegate.followRedirects(policy);
      return this;
    }

    @Override
    public Builder version(HttpClient.Version version) {
      delegate.version(version);
      return this;
    }

    @Override
    public Builder priority(int priority) {
      delegate.priority(priority);
      return this;
    }

    @Override
    public Builder proxy(ProxySelector proxySelector) {
      delegate.proxy(proxySelector);
      return this;
    }

    @Override
    public Builder authenticator(Authenticator authenticator) {
      delegate.authenticator(authenticator);
      return this;
    }
  }
}
