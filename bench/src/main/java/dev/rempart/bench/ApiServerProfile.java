package dev.rempart.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A CPU profile of the API server itself ({@code /debug/pprof/profile}, served by kube-apiserver
 * unless started with {@code --profiling=false}), taken in the background while a phase runs: where
 * the API server's time goes for one client against another. Read with {@code go tool pprof -top
 * FILE}.
 */
final class ApiServerProfile {
  private ApiServerProfile() {}

  /** Starts a profile of {@code seconds} written to {@code file}; the future ends when written. */
  static CompletableFuture<Void> capture(KubernetesClient client, int seconds, Path file) {
    HttpClient http = client.getHttpClient();
    URI uri = URI.create(client.getMasterUrl() + "debug/pprof/profile?seconds=" + seconds);
    return http.sendAsync(http.newHttpRequestBuilder().uri(uri).build(), byte[].class)
        .thenAccept((HttpResponse<byte[]> response) -> write(file, response.body()))
        .exceptionally(
            e -> {
              System.out.println("API server CPU profile not written to " + file + ": " + e);
              return null;
            });
  }

  private static void write(Path file, byte[] body) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, body);
      System.out.println("API server CPU profile: " + file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
