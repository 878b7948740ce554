package dev.rempart.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * Compacts the benchmark's etcd (a child of this JVM, started by kube-api-test, serving plain HTTP)
 * to its current revision, through etcd's JSON gateway. The floor and Rempart are timed one after
 * the other on the same store: without it, Rempart's phase starts on the history of the floor's
 * 30,000 applied and deleted policies (the API server compacts only every 5 minutes), the floor's
 * on a fresh one.
 */
final class EtcdCompaction {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EtcdCompaction() {}

  /** Compacts etcd to its current revision and says which; says why not when it cannot. */
  static void compact() {
    String endpoint = endpoint();
    if (endpoint == null) {
      System.out.println("etcd not compacted: no etcd process of this benchmark found");
      return;
    }
    try {
      HttpClient http = HttpClient.newHttpClient();
      JsonNode range = post(http, endpoint + "/v3/kv/range", "{\"key\":\"AA==\",\"limit\":1}");
      String revision = range.path("header").path("revision").asText();
      post(
          http,
          endpoint + "/v3/kv/compaction",
          "{\"revision\":\"" + revision + "\",\"physical\":true}");
      System.out.printf("etcd compacted to revision %s%n", revision);
    } catch (IOException e) {
      System.out.println("etcd not compacted: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static JsonNode post(HttpClient http, String url, String body)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(url + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** The client address of this benchmark's etcd, from its command line. */
  private static String endpoint() {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().command().orElse("").endsWith("/etcd"))
        .map(p -> clientUrl(List.of(p.info().arguments().orElse(new String[0]))))
        .filter(url -> url != null)
        .findFirst()
        .orElse(null);
  }

  private static String clientUrl(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String value = null;
      if (arg.startsWith("--advertise-client-urls=")) {
        value = arg.substring(arg.indexOf('=') + 1);
      } else if (arg.equals("--advertise-client-urls") && i + 1 < args.size()) {
        value = args.get(i + 1);
      }
      if (value != null) {
        return value.split(",")[0].replace("0.0.0.0", "127.0.0.1");
      }
    }
    return null;
  }
}
