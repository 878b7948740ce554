package dev.rempart.recorder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;

/**
 * A real S3-compatible server for the tests: versitygw (Apache-2.0) with its posix backend and
 * versioning, which Object Lock needs, listening on 127.0.0.1 only, its files under {@code
 * target/}. The binary is the system property {@code rempart.versitygw} (the Maven build points it
 * at {@code ~/.cache/rempart/bin/versitygw}, where {@code hack/versitygw-binary.sh} builds it).
 */
public final class Versitygw implements AutoCloseable {
  public static final String ACCESS_KEY = "rempart-test";
  public static final String SECRET_KEY = "rempart-test-secret";

  private final Process process;
  private final URI endpoint;
  private final Path log;

  private Versitygw(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
  }

  public static Versitygw start() throws IOException, InterruptedException {
    String configured = System.getProperty("rempart.versitygw", System.getenv("REMPART_VERSITYGW"));
    if (configured == null || !Files.isExecutable(Path.of(configured))) {
      throw new IllegalStateException(
          "versitygw binary "
              + configured
              + " not found: run `bash hack/versitygw-binary.sh` (it builds versitygw into"
              + " ~/.cache/rempart/bin) or pass -Drempart.versitygw=/path/to/versitygw");
    }
    Path base =
        Files.createTempDirectory(Files.createDirectories(Path.of("target")), "versitygw")
            .toAbsolutePath();
    Path root = Files.createDirectories(base.resolve("root"));
    Path versions = Files.createDirectories(base.resolve("versions"));
    Path log = base.resolve("versitygw.log");
    int port = freePort();
    Process process =
        new ProcessBuilder(
                List.of(
                    configured,
                    "--access",
                    ACCESS_KEY,
                    "--secret",
                    SECRET_KEY,
                    "--port",
                    "127.0.0.1:" + port,
                    "--quiet",
                    "posix",
                    "--versioning-dir",
                    versions.toString(),
                    root.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Versitygw server = new Versitygw(process, URI.create("http://127.0.0.1:" + port), log);
    server.awaitListening(port);
    return server;
  }

  private void awaitListening(int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("versitygw exited: " + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException(
        "versitygw did not listen within 30 s: " + Files.readString(log));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  public S3Client client() {
    return S3Client.builder()
        .httpClient(UrlConnectionHttpClient.create())
        .region(Region.US_EAST_1)
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** A bucket with Object Lock and a default retention in {@code mode} of {@code days}. */
  public void lockedBucket(String name, ObjectLockRetentionMode mode, int days) {
    try (S3Client s3 = client()) {
      s3.createBucket(b -> b.bucket(name).objectLockEnabledForBucket(true));
      s3.putObjectLockConfiguration(
          b ->
              b.bucket(name)
                  .objectLockConfiguration(
                      c ->
                          c.objectLockEnabled("Enabled")
                              .rule(r -> r.defaultRetention(d -> d.mode(mode).days(days)))));
    }
  }

  public void plainBucket(String name) {
    try (S3Client s3 = client()) {
      s3.createBucket(b -> b.bucket(name));
    }
  }

  public S3Settings settings(String bucket) {
    return new S3Settings(endpoint, "us-east-1", bucket, "record/", Duration.ofDays(365));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
