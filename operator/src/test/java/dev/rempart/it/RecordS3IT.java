package dev.rempart.it;

import static dev.rempart.it.Fixtures.namespace;
import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.chart.Helm;
import dev.rempart.chart.RenderedChart;
import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import dev.rempart.cli.OperatorCommand;
import dev.rempart.core.status.Conditions;
import dev.rempart.operator.OperatorSettings;
import dev.rempart.operator.RecordSettings;
import dev.rempart.recorder.RecorderSettings;
import dev.rempart.recorder.Versitygw;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectLockRetentionMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The record's S3 sink end to end through the operator: the chart's arguments for {@code
 * record.sink=s3} (rendered by Helm, parsed by the operator's own command line) against a real
 * versitygw with Object Lock, the operator under the chart's RBAC. What the operator writes lands
 * in locked objects that versitygw refuses to delete or unlock, {@code rempart record verify
 * --bucket} accepts the bucket and names a batch written over; a bucket without Object Lock, or
 * with a retention shorter than 365 days, is refused with a message on every baseline.
 */
class RecordS3IT {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String PREFIX = "record/";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static KubernetesClient admin;
  private static Versitygw server;

  @BeforeAll
  static void start() throws Exception {
    admin = ControlPlane.adminClient();
    server = Versitygw.start();
    // The SDK's default credentials chain, which the operator's sink and `record verify` use, reads
    // these system properties as it reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.
    System.setProperty("aws.accessKeyId", Versitygw.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", Versitygw.SECRET_KEY);
  }

  @AfterAll
  static void stop() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    if (server != null) {
      server.close();
    }
    admin.close();
  }

  @Test
  void theOperatorsBatchesAreLockedAndVerifyAndAWriteOverIsNamed() throws IOException {
    String bucket = unique("record-ok");
    server.lockedBucket(bucket, ObjectLockRetentionMode.COMPLIANCE, 365);
    String label = unique("rec-s3");
    String ns = unique("rec-s3");
    namespace(admin, ns, Map.of(label, "true"));
    String name = unique("rec-s3");

    try (RunningOperator operator = startRecordingTo(bucket)) {
      admin
          .resource(
              Fixtures.baseline(
                  """
                  apiVersion: rempart.dev/v1alpha1
                  kind: SecurityBaseline
                  metadata: {name: %s}
                  spec:
                    mode: Enforce
                    namespaceSelector: {matchLabels: {%s: "true"}}
                    network: {allowDNS: false}
                  """
                      .formatted(name, label)))
          .create();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                List<JsonNode> entries = entries(bucket, name);
                assertThat(entries).anyMatch(e -> event(e, "object-written"));
                assertThat(entries).anyMatch(e -> event(e, "finding-opened"));
                assertThat(entries).anyMatch(e -> event(e, "finding-resolved"));
              });
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(condition(name, "Recorded"))
                      .extracting(Condition::getStatus)
                      .isEqualTo("True"));
      // Someone deletes the policy: its restoration is one more write on record.
      admin
          .network()
          .v1()
          .networkPolicies()
          .inNamespace(ns)
          .withName("rempart-default-deny")
          .delete();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(entries(bucket, name))
                      .anyMatch(
                          e ->
                              event(e, "object-written")
                                  && "restored".equals(e.at("/detail/action").asText())));
      admin.resources(SecurityBaseline.class).withName(name).delete();
    }

    List<ObjectVersion> batches = versions(bucket);
    assertThat(batches).isNotEmpty();
    Instant aYearOn = Instant.now().plus(Duration.ofDays(365)).minus(1, ChronoUnit.HOURS);
    try (S3Client s3 = server.client()) {
      for (ObjectVersion v : batches) {
        var retention =
            s3.getObjectRetention(b -> b.bucket(bucket).key(v.key()).versionId(v.versionId()))
                .retention();
        assertThat(retention.mode()).as(v.key()).isEqualTo(ObjectLockRetentionMode.COMPLIANCE);
        assertThat(retention.retainUntilDate()).as(v.key()).isAfter(aYearOn);
      }
      ObjectVersion first = batches.get(0);
      assertThatThrownBy(
              () ->
                  s3.deleteObject(
                      b -> b.bucket(bucket).key(first.key()).versionId(first.versionId())))
          .as("a locked batch cannot be deleted")
          .isInstanceOf(S3Exception.class);
      assertThatThrownBy(
              () ->
                  s3.putObjectRetention(
                      b ->
                          b.bucket(bucket)
                              .key(first.key())
                              .versionId(first.versionId())
                              .retention(
                                  r ->
                                      r.mode(ObjectLockRetentionMode.GOVERNANCE)
                                          .retainUntilDate(Instant.now().plusSeconds(60)))))
          .as("a locked batch's retention cannot be shortened")
          .isInstanceOf(S3Exception.class);
    }

    CliRun.Result intact = verify(bucket, false);
    assertThat(intact.exitCode()).as(intact.out() + intact.err()).isEqualTo(ExitCodes.OK);
    assertThat(intact.out()).contains("Read s3://" + bucket + "/" + PREFIX).contains("INTACT");

    // A writer of the bucket puts a doctored copy over the first batch: the locked original stays
    // (it is what is verified) and the newer version is named.
    String key = batches.get(0).key();
    try (S3Client s3 = server.client()) {
      String original = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
      s3.putObject(
          b -> b.bucket(bucket).key(key),
          RequestBody.fromString(original.replaceFirst("\"seq\":\\d+", "\"seq\":0")));
    }
    CliRun.Result tampered = verify(bucket, true);
    assertThat(tampered.exitCode())
        .as(tampered.out() + tampered.err())
        .isEqualTo(ExitCodes.FINDINGS);
    assertThat(tampered.out())
        .contains(
            "s3://" + bucket + "/" + key + ": tampered: someone wrote over the batch: 1 later")
        .contains("NOT INTACT.");
  }

  @Test
  void aBucketWithoutObjectLockIsRefusedOnEveryBaseline() {
    String bucket = unique("record-plain");
    server.plainBucket(bucket);
    assertRefused(bucket, "bucket " + bucket + " has no Object Lock");
  }

  @Test
  void aRetentionShorterThanAYearIsRefusedOnEveryBaseline() {
    String bucket = unique("record-short");
    server.lockedBucket(bucket, ObjectLockRetentionMode.COMPLIANCE, 30);
    assertRefused(bucket, "bucket " + bucket + "'s default retention is 30 days: at least 365");
  }

  /** The operator starts and enforces, but keeps no record, and says why on the baseline. */
  private static void assertRefused(String bucket, String reason) {
    String label = unique("rec-s3");
    String ns = unique("rec-s3");
    namespace(admin, ns, Map.of(label, "true"));
    String name = unique("rec-s3");
    try (RunningOperator operator = startRecordingTo(bucket)) {
      admin
          .resource(
              Fixtures.baseline(
                  """
                  apiVersion: rempart.dev/v1alpha1
                  kind: SecurityBaseline
                  metadata: {name: %s}
                  spec:
                    mode: Enforce
                    namespaceSelector: {matchLabels: {%s: "true"}}
                    network: {}
                  """
                      .formatted(name, label)))
          .create();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                Condition recorded = condition(name, "Recorded");
                assertThat(recorded).isNotNull();
                assertThat(recorded.getStatus()).isEqualTo("False");
                assertThat(recorded.getReason()).isEqualTo("SinkRefused");
                assertThat(recorded.getMessage())
                    .startsWith("the record's sink refused to start: " + reason)
                    .contains("enforcement continues without a record");
              });
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(
                          admin
                              .network()
                              .v1()
                              .networkPolicies()
                              .inNamespace(ns)
                              .withName("rempart-default-deny")
                              .get())
                      .as("enforcement goes on without a record")
                      .isNotNull());
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(admin.v1().events().inAnyNamespace().list().getItems())
                      .anySatisfy(
                          e -> {
                            assertThat(e.getReason()).isEqualTo("RecordSinkRefused");
                            assertThat(e.getInvolvedObject().getName()).isEqualTo(name);
                            assertThat(e.getMessage()).contains(reason);
                          }));
      admin.resources(SecurityBaseline.class).withName(name).delete();
    }
    assertThat(versions(bucket)).as("nothing was written to a refused bucket").isEmpty();
  }

  /**
   * The operator under the chart's RBAC for {@code record.sink=s3}, its record settings parsed by
   * its own command line from the arguments the chart renders for the bucket. Only the batching is
   * the test's: a batch every 200 ms rather than every 5 s.
   */
  private static RunningOperator startRecordingTo(String bucket) {
    String[] values = {
      "--set=record.sink=s3",
      "--set=record.s3.bucket=" + bucket,
      "--set=record.s3.endpoint=" + server.endpoint(),
      "--set=record.s3.prefix=" + PREFIX,
      "--set=record.s3.retentionDays=365"
    };
    return RunningOperator.startUnderChartRbac(
        release -> {
          // A head left by an earlier test would continue its chain, not start this one.
          admin.configMaps().inNamespace(release).withName(RecordSettings.HEAD_CONFIG_MAP).delete();
          return new OperatorSettings(Duration.ofMinutes(10), 4, Clock.systemUTC())
              .withRecord(
                  chartRecordSettings(release, values)
                      .withRecorder(new RecorderSettings(500, Duration.ofMillis(200), 10_000)));
        },
        values);
  }

  private static RecordSettings chartRecordSettings(String release, String... values) {
    List<String> args =
        RenderedChart.parse(Helm.binary().template("rempart", release, values))
            .only(Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0)
            .getArgs();
    OperatorCommand command = new OperatorCommand();
    new CommandLine(command).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
    RecordSettings settings = command.recordSettings(Map.of("POD_NAMESPACE", release));
    assertThat(settings.enabled()).isTrue();
    return settings;
  }

  private static CliRun.Result verify(String bucket, boolean all) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "record",
                "verify",
                "--bucket",
                bucket,
                "--prefix",
                PREFIX,
                "--s3-endpoint",
                server.endpoint().toString()));
    if (all) {
      args.add("--all");
    }
    return CliRun.run(args.toArray(String[]::new));
  }

  /** Every version in the bucket under the prefix, oldest key first. */
  private static List<ObjectVersion> versions(String bucket) {
    try (S3Client s3 = server.client()) {
      return s3
          .listObjectVersionsPaginator(b -> b.bucket(bucket).prefix(PREFIX))
          .versions()
          .stream()
          .sorted(java.util.Comparator.comparing(ObjectVersion::key))
          .toList();
    }
  }

  /** The record's entries about the baseline, read from the bucket's batches. */
  private static List<JsonNode> entries(String bucket, String baseline) throws IOException {
    List<JsonNode> found = new ArrayList<>();
    try (S3Client s3 = server.client()) {
      for (var object :
          s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(PREFIX)).contents()) {
        String text = s3.getObjectAsBytes(b -> b.bucket(bucket).key(object.key())).asUtf8String();
        for (String line : text.split("\n")) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode entry = JSON.readTree(line);
          if (baseline.equals(entry.path("baseline").asText())) {
            found.add(entry);
          }
        }
      }
    }
    return found;
  }

  private static boolean event(JsonNode entry, String event) {
    return event.equals(entry.path("event").asText());
  }

  private static Condition condition(String baseline, String type) {
    SecurityBaseline b = admin.resources(SecurityBaseline.class).withName(baseline).get();
    return b == null || b.getStatus() == null
        ? null
        : Conditions.find(b.getStatus().getConditions(), type);
  }
}
