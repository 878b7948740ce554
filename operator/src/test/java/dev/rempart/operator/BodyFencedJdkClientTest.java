package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.jdkhttp.WrappedJdkClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BodyFencedJdkClientTest {
  private static final URI POLICY =
      URI.create(
          "https://api.example/apis/networking.k8s.io/v1/namespaces/a/networkpolicies/deny?x=1");
  private static final String PATCH = "{\"spec\":{\"podSelector\":{}}}";

  private final AtomicReference<RuntimeException> refusal = new AtomicReference<>();
  private final Map<String, String> asked = new ConcurrentHashMap<>();
  private final BodyFencedJdkClient.Gate gate =
      (method, path) -> {
        asked.put(method, path);
        return refusal.get();
      };

  private HttpServer server;
  private final Map<String, String> received = new ConcurrentHashMap<>();

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          received.put(exchange.getRequestMethod() + " " + exchange.getRequestURI(), body);
          byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void aWriteKeepsItsMethodAddressHeadersTimeoutAndBodyBehindTheGate() {
    HttpRequest original =
        HttpRequest.newBuilder(POLICY)
            .method("PATCH", HttpRequest.BodyPublishers.ofString(PATCH))
            .header("Content-Type", "application/merge-patch+json")
            .header("Accept", "application/json")
            .header("Accept", "*/*")
            .timeout(Duration.ofSeconds(7))
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .expectContinue(true)
            .build();

    HttpRequest sent = BodyFencedJdkClient.fenced(original, gate);

    assertThat(sent.method()).isEqualTo("PATCH");
    assertThat(sent.uri()).isEqualTo(POLICY);
    assertThat(sent.headers().map()).isEqualTo(original.headers().map());
    assertThat(sent.timeout()).contains(Duration.ofSeconds(7));
    assertThat(sent.version()).contains(java.net.http.HttpClient.Version.HTTP_1_1);
    assertThat(sent.expectContinue()).isTrue();
    assertThat(sent.bodyPublisher()).get().isInstanceOf(FencedBody.class);
    assertThat(sent.bodyPublisher().get().contentLength()).isEqualTo(PATCH.length());
    assertThat(asked).as("asked when the body is pulled, not before").isEmpty();
    assertThat(text(sent)).isEqualTo(PATCH);
    assertThat(asked)
        .containsExactly(
            Map.entry("PATCH", "/apis/networking.k8s.io/v1/namespaces/a/networkpolicies/deny"));
  }

  @Test
  void aWriteWithoutABodyIsAskedAboutAsItIsSentAndThrownBackWhenRefused() {
    HttpRequest delete = HttpRequest.newBuilder(POLICY).DELETE().build();

    assertThat(BodyFencedJdkClient.fenced(delete, gate)).isSameAs(delete);
    assertThat(asked).containsKey("DELETE");

    refusal.set(new LeaseFence.Refused("DELETE", "/x", "sending it"));
    assertThatThrownBy(() -> BodyFencedJdkClient.fenced(delete, gate)).isSameAs(refusal.get());
  }

  @Test
  void readsAreSentAsTheyAre() {
    HttpRequest get = HttpRequest.newBuilder(POLICY).GET().build();

    assertThat(BodyFencedJdkClient.fenced(get, gate)).isSameAs(get);
  }

  /**
   * fabric8's JDK client sends a request without a body as a GET, so its deletes carry one
   * (DeleteOptions); an empty one (length 0, which the JDK client would never pull) is checked as
   * it is handed to the JDK client.
   */
  @Test
  void throughFabric8TheServerGetsTheWritesTheGateAllowsAndADeleteWithoutBody() throws Exception {
    try (HttpClient client = client()) {
      var patch =
          client
              .newHttpRequestBuilder()
              .uri(url("/apis/v1/namespaces/a/configmaps/x"))
              .method("PATCH", "application/merge-patch+json", PATCH)
              .build();
      assertThat(client.sendAsync(patch, String.class).get(10, TimeUnit.SECONDS).code())
          .isEqualTo(200);
      var delete =
          client
              .newHttpRequestBuilder()
              .uri(url("/apis/v1/namespaces/a/configmaps/x"))
              .delete("application/json", "")
              .build();
      assertThat(client.sendAsync(delete, String.class).get(10, TimeUnit.SECONDS).code())
          .isEqualTo(200);
    }
    assertThat(received)
        .containsEntry("PATCH /apis/v1/namespaces/a/configmaps/x", PATCH)
        .containsEntry("DELETE /apis/v1/namespaces/a/configmaps/x", "");
    assertThat(asked).containsKeys("PATCH", "DELETE");
  }

  @Test
  void throughFabric8ARefusedBodyFailsTheCallerWithTheRefusalAndNothingCompleteIsReceived()
      throws Exception {
    refusal.set(new LeaseFence.Refused("PATCH", "/x", "its body"));
    try (HttpClient client = client()) {
      for (String method : List.of("PATCH", "DELETE")) {
        var write =
            client
                .newHttpRequestBuilder()
                .uri(url("/apis/v1/namespaces/a/configmaps/x"))
                .method(method, "application/json", method.equals("PATCH") ? PATCH : "")
                .build();
        CompletableFuture<?> answer = client.sendAsync(write, String.class);
        assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS))
            .as(method)
            .satisfies(e -> assertThat(LeaseFence.refused(e)).as(e.toString()).isTrue());
      }
    }
    assertThat(received).as("no request reached the server whole").isEmpty();
  }

  @Test
  void anAbortTheJdkClientReportsInItsOwnWordsReachesTheCallerAsTheRefusal() {
    refusal.set(new LeaseFence.Refused("PATCH", "/x", "its body"));
    HttpRequest sent =
        BodyFencedJdkClient.fenced(
            HttpRequest.newBuilder(POLICY)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(PATCH))
                .build(),
            gate);
    pull(sent); // the JDK client pulls the body: refused

    CompletableFuture<HttpResponse<String>> answer =
        BodyFencedJdkClient.asRefused(
            sent, CompletableFuture.failedFuture(new IOException("stream 5 cancelled")));

    assertThatThrownBy(answer::join).hasCauseReference(refusal.get());
  }

  @Test
  void anErrorOfAnAllowedWriteIsLeftAsItIs() {
    HttpRequest sent =
        BodyFencedJdkClient.fenced(
            HttpRequest.newBuilder(POLICY)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(PATCH))
                .build(),
            gate);
    pull(sent);
    IOException reset = new IOException("connection reset");

    CompletableFuture<HttpResponse<String>> answer =
        BodyFencedJdkClient.asRefused(sent, CompletableFuture.failedFuture(reset));

    assertThatThrownBy(answer::join).hasCauseReference(reset);
  }

  private static void pull(HttpRequest request) {
    request
        .bodyPublisher()
        .orElseThrow()
        .subscribe(
            new Flow.Subscriber<ByteBuffer>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(ByteBuffer item) {}

              @Override
              public void onError(Throwable e) {}

              @Override
              public void onComplete() {}
            });
  }

  private HttpClient client() {
    Config config =
        new ConfigBuilder().withMasterUrl(url("/")).withRequestRetryBackoffLimit(0).build();
    HttpClient plain = new JdkHttpClientFactory().newBuilder(config).build();
    return WrappedJdkClient.of(plain, jdk -> new BodyFencedJdkClient(jdk, gate));
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static String text(HttpRequest request) {
    StringBuilder text = new StringBuilder();
    request
        .bodyPublisher()
        .orElseThrow()
        .subscribe(
            new Flow.Subscriber<ByteBuffer>() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(ByteBuffer item) {
                text.append(StandardCharsets.UTF_8.decode(item));
              }

              @Override
              public void onError(Throwable e) {
                throw new AssertionError(e);
              }

              @Override
              public void onComplete() {}
            });
    return text.toString();
  }
}
