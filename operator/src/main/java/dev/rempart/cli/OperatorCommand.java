package dev.rempart.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.rempart.operator.HealthServer;
import dev.rempart.operator.LeanSerialization;
import dev.rempart.operator.MetricsServer;
import dev.rempart.operator.OperatorSettings;
import dev.rempart.operator.RecordSettings;
import dev.rempart.operator.RempartOperator;
import dev.rempart.operator.StartupGate;
import dev.rempart.operator.policyreports.ReportFormat;
import dev.rempart.operator.policyreports.ReportSettings;
import dev.rempart.recorder.S3Clients;
import dev.rempart.recorder.S3ObjectLockSink;
import dev.rempart.recorder.S3Settings;
import dev.rempart.recorder.StandardOutputSink;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rempart operator}: runs the operator against a cluster until stopped. */
@Command(
    name = "operator",
    mixinStandardHelpOptions = true,
    description = {
      "Run the operator: enforce or audit every SecurityBaseline, keep status and Events current.",
      "It watches the baselines and the objects their controls read.",
      "Uses the in-cluster configuration when run in a pod, else the current kubeconfig context."
    })
public final class OperatorCommand implements Callable<Integer> {
  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "Kubeconfig to use instead of the default (KUBECONFIG, ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--context",
      paramLabel = "NAME",
      description = "Kubeconfig context to use instead of the current one.")
  String context;

  @Option(
      names = "--health-port",
      defaultValue = "8081",
      description =
          "Port of /healthz and /readyz (default: ${DEFAULT-VALUE}; 0 picks a free port).")
  int healthPort;

  @Option(
      names = "--metrics-port",
      defaultValue = "8080",
      description =
          "Port of /metrics, in the Prometheus text format (default: ${DEFAULT-VALUE}; 0 picks a"
              + " free port).")
  int metricsPort;

  @Option(
      names = "--resync",
      defaultValue = "PT10M",
      paramLabel = "DURATION",
      description =
          "How often each baseline is re-evaluated without any change, as an ISO-8601 duration"
              + " (default: ${DEFAULT-VALUE}).")
  Duration resync;

  @Option(
      names = "--apply-concurrency",
      defaultValue = "8",
      description = "Objects applied to the API server at once (default: ${DEFAULT-VALUE}).")
  int applyConcurrency;

  @Option(
      names = "--leader-election-namespace",
      paramLabel = "NAMESPACE",
      description =
          "Elect a leader through a Lease in this namespace, so that several replicas can run;"
              + " without it, this instance acts alone.")
  String leaseNamespace;

  @Option(
      names = "--lease-name",
      defaultValue = "rempart-leader",
      description = "Name of the leader-election Lease (default: ${DEFAULT-VALUE}).")
  String leaseName;

  @Option(
      names = "--secret-metadata",
      description =
          "Watch Secrets' metadata, for the legacy-token check and the data deletion of offboarded"
              + " namespaces (needs list/watch on Secrets; their data is dropped on receipt, never"
              + " read). Off by default: the check then works from ServiceAccounts' secret"
              + " references, and the data deletion sees no Secret.")
  boolean secretMetadata;

  @Option(
      names = "--report-format",
      defaultValue = "openreports",
      paramLabel = "FORMAT",
      description =
          "Write findings as policy reports: openreports (openreports.io/v1alpha1 Report and"
              + " ClusterReport, read by Kyverno 1.15+, Policy Reporter 3.2+), wgpolicy"
              + " (wgpolicyk8s.io/v1alpha2 PolicyReport, for older readers) or none"
              + " (default: ${DEFAULT-VALUE}). Nothing is written while the CRD is missing; the"
              + " baseline's Reported condition says so.")
  String reportFormat;

  @Option(
      names = "--report-max-results",
      defaultValue = "" + ReportSettings.DEFAULT_MAX_RESULTS,
      paramLabel = "N",
      description =
          "Most results one report keeps, failures first; its summary still counts all, and an"
              + " annotation says how many were left out (1-"
              + ReportSettings.MAX_MAX_RESULTS
              + ", default: ${DEFAULT-VALUE}).")
  int reportMaxResults;

  @Option(
      names = "--record",
      defaultValue = "none",
      paramLabel = "SINK",
      description =
          "Keep the tamper-evident record of findings opened, excepted and resolved, of every"
              + " write and removal and of exception decisions (docs/record.md): none, stdout (one"
              + " JSON line per entry among the log lines) or s3 (a bucket under Object Lock in"
              + " COMPLIANCE mode, and standard output) (default: ${DEFAULT-VALUE}).")
  String record;

  @Option(
      names = "--record-head-namespace",
      paramLabel = "NAMESPACE",
      description =
          "Namespace of the ConfigMap "
              + RecordSettings.HEAD_CONFIG_MAP
              + " that holds the record's chain head: the operator's own (default: the"
              + " POD_NAMESPACE environment variable).")
  String recordHeadNamespace;

  @Option(
      names = "--record-s3-bucket",
      paramLabel = "BUCKET",
      description = "The record's bucket (with --record=s3); it must have Object Lock on.")
  String recordBucket;

  @Option(
      names = "--record-s3-endpoint",
      paramLabel = "URL",
      description = "An S3-compatible server's URL instead of AWS S3 (with --record=s3).")
  URI recordEndpoint;

  @Option(
      names = "--record-s3-region",
      paramLabel = "REGION",
      description = "The bucket's region (with --record=s3; default: AWS_REGION, else us-east-1).")
  String recordRegion;

  @Option(
      names = "--record-s3-prefix",
      defaultValue = S3Settings.DEFAULT_PREFIX,
      paramLabel = "PREFIX",
      description = "Prefix of the record's object keys (default: ${DEFAULT-VALUE}).")
  String recordPrefix;

  @Option(
      names = "--record-retention-days",
      defaultValue = "365",
      paramLabel = "DAYS",
      description =
          "How long each batch is locked in COMPLIANCE mode, at least 365 (default:"
              + " ${DEFAULT-VALUE}).")
  int recordRetentionDays;

  @Option(
      names = "--record-anchor-interval",
      defaultValue = "PT60M",
      paramLabel = "DURATION",
      description =
          "How often the record's chain head is anchored outside the record, in an Event"
              + " RecordAnchored on every baseline (default: ${DEFAULT-VALUE}).")
  Duration recordAnchorInterval;

  @Option(
      names = "--log-format",
      defaultValue = "text",
      description = "text or json (default: ${DEFAULT-VALUE}).")
  LogFormat logFormat;

  @Option(
      names = "--log-level",
      defaultValue = "INFO",
      description = "ERROR, WARN, INFO, DEBUG or TRACE (default: ${DEFAULT-VALUE}).")
  String logLevel;

  /** The log formats the operator writes. */
  enum LogFormat {
    text,
    json
  }

  @Override
  public Integer call() throws Exception {
    configureLogging();
    if (applyConcurrency < 1) {
      throw new UsageException("--apply-concurrency must be at least 1");
    }
    if (resync.isNegative() || resync.isZero()) {
      throw new UsageException("--resync must be a positive duration, such as PT10M");
    }
    ReportSettings reports = reportSettings();
    RecordSettings recording = recordSettings(System.getenv());
    KubernetesClient client = LeanSerialization.client(config());
    OperatorSettings settings =
        new OperatorSettings(resync, applyConcurrency, Clock.systemUTC(), secretMetadata)
            .withReports(reports)
            .withRecord(recording);
    // Alive, not ready, while the installation is incomplete: a clear log, not a crash loop.
    try (HealthServer waiting = new HealthServer(healthPort, () -> true, () -> false)) {
      StartupGate.of(client, settings, leaseNamespace).awaitPassing();
    }
    RempartOperator operator = RempartOperator.start(client, settings, leaseNamespace, leaseName);
    HealthServer health = new HealthServer(healthPort, operator::isLive, operator::isReady);
    MetricsServer metrics = new MetricsServer(metricsPort, operator.metrics());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  // Graceful shutdown: finish in-flight reconciles, release the lease, close.
                  health.close();
                  metrics.close();
                  operator.close();
                  client.close();
                  stopped.countDown();
                },
                "rempart-shutdown"));
    stopped.await();
    return 0;
  }

  /**
   * The record's settings from the options; {@code env} supplies POD_NAMESPACE and AWS_REGION.
   *
   * @throws UsageException naming the option that is wrong or missing
   */
  public RecordSettings recordSettings(Map<String, String> env) {
    if (record.equals("none")) {
      return RecordSettings.off();
    }
    if (!record.equals("stdout") && !record.equals("s3")) {
      throw new UsageException("--record must be none, stdout or s3, not '" + record + "'");
    }
    String namespace = recordHeadNamespace != null ? recordHeadNamespace : env.get("POD_NAMESPACE");
    if (namespace == null || namespace.isBlank()) {
      throw new UsageException(
          "--record needs --record-head-namespace (or POD_NAMESPACE): the namespace of the"
              + " ConfigMap that holds the record's chain head");
    }
    if (recordAnchorInterval.isNegative() || recordAnchorInterval.isZero()) {
      throw new UsageException(
          "--record-anchor-interval must be a positive duration, such as PT60M");
    }
    RecordSettings.Sinks sinks;
    if (record.equals("stdout")) {
      sinks = () -> List.of(new StandardOutputSink(System.out));
    } else {
      S3Settings s3 = s3Settings(env);
      sinks =
          () ->
              List.of(
                  new S3ObjectLockSink(S3Clients.create(s3), s3, Clock.systemUTC()),
                  new StandardOutputSink(System.out));
    }
    return RecordSettings.to(sinks, namespace).withAnchorInterval(recordAnchorInterval);
  }

  private S3Settings s3Settings(Map<String, String> env) {
    if (recordBucket == null || recordBucket.isBlank()) {
      throw new UsageException("--record=s3 needs --record-s3-bucket");
    }
    String region =
        recordRegion != null
            ? recordRegion
            : env.getOrDefault("AWS_REGION", env.getOrDefault("AWS_DEFAULT_REGION", "us-east-1"));
    try {
      return new S3Settings(
          recordEndpoint, region, recordBucket, recordPrefix, Duration.ofDays(recordRetentionDays));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--record-retention-days: " + e.getMessage());
    }
  }

  private ReportSettings reportSettings() {
    try {
      return new ReportSettings(ReportFormat.parse(reportFormat), reportMaxResults);
    } catch (IllegalArgumentException e) {
      throw new UsageException(
          (e.getMessage().startsWith("unknown") ? "--report-format: " : "--report-max-results: ")
              + e.getMessage());
    }
  }

  private Config config() throws java.io.IOException {
    if (kubeconfig != null && !Files.isReadable(kubeconfig)) {
      throw new UsageException("cannot read kubeconfig " + kubeconfig);
    }
    return ClientConfigs.load(kubeconfig, context);
  }

  private void configureLogging() throws JoranException {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    if (logFormat == LogFormat.json) {
      logging.reset();
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(logging);
      configurator.doConfigure(getClass().getResource("/logback-json.xml"));
    }
    Level level = Level.toLevel(logLevel, null);
    if (level == null) {
      throw new UsageException("--log-level must be ERROR, WARN, INFO, DEBUG or TRACE");
    }
    logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(level);
  }
}
