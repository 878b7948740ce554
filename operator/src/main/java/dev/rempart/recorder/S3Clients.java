package dev.rempart.recorder;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The S3 client of the record: the JDK's HTTP client (the SDK's URLConnection one: no Apache or
 * Netty on the class path), credentials from the usual places (the {@code AWS_ACCESS_KEY_ID} and
 * {@code AWS_SECRET_ACCESS_KEY} environment variables, {@code ~/.aws}, a pod's container
 * credentials), path-style addressing for S3-compatible servers.
 */
public final class S3Clients {
  private S3Clients() {}

  public static S3Client create(S3Settings settings) {
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(settings.region()))
            .credentialsProvider(DefaultCredentialsProvider.builder().build());
    if (settings.endpoint() != null) {
      builder.endpointOverride(settings.endpoint()).forcePathStyle(true);
    }
    return builder.build();
  }
}
