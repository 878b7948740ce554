package io.fabric8.kubernetes.client.jdkhttp;

import io.fabric8.kubernetes.client.http.HttpClient;
import java.util.function.UnaryOperator;

/**
 * A client derived from a fabric8 JDK HTTP client, as {@link HttpClient#newBuilder()} derives one
 * (same connections, configuration, interceptors, and closed when the original is), whose requests
 * go through a wrapper of the JDK client. In fabric8's package because fabric8 offers no public way
 * to reach the JDK client of a client already built; Rempart's lease fence wraps it to check each
 * write's body as the JDK client pulls it.
 */
public final class WrappedJdkClient {
  private WrappedJdkClient() {}

  /**
   * {@code client} with its JDK client wrapped by {@code wrap}; clients derived from the result
   * keep the wrapper.
   *
   * @throws IllegalArgumentException if {@code client} is not fabric8's JDK HTTP client
   */
  public static HttpClient of(HttpClient client, UnaryOperator<java.net.http.HttpClient> wrap) {
    if (!(client instanceof JdkHttpClientImpl jdk)
        || !(jdk.newBuilder() instanceof JdkHttpClientBuilderImpl derived)) {
      throw new IllegalArgumentException(
          "fabric8's JDK HTTP client (kubernetes-httpclient-jdk) expected, not "
              + client.getClass().getName());
    }
    return new JdkHttpClientImpl(derived, wrap.apply(jdk.getHttpClient()), jdk.getClosed());
  }
}
