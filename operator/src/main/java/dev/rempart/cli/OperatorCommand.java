package dev.rempart.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.rempart.operator.HealthServer;
import dev.rempart.operator.MetricsServer;
import dev.rempart.operator.OperatorSettings;
import dev.rempart.operator.RempartOperator;
import dev.rempart.operator.reports.ReportFormat;
import dev.rempart.operator.reports.ReportSettings;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
          "Watch service-account-token Secrets for the legacy-token check (needs list/watch on"
              + " Secrets; their data is dropped on receipt, never read). Off by default: the check"
              + " then works from ServiceAccounts' secret references.")
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
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config()).build();
    RempartOperator operator =
        RempartOperator.start(
            client,
            new OperatorSettings(resync, applyConcurrency, Clock.systemUTC(), secretMetadata)
                .withReports(reports),
            leaseNamespace,
            leaseName);
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
    if (kubeconfig != null) {
      if (!Files.isReadable(kubeconfig)) {
        throw new UsageException("cannot read kubeconfig " + kubeconfig);
      }
      return Config.fromKubeconfig(context, Files.readString(kubeconfig), kubeconfig.toString());
    }
    return context == null ? Config.autoConfigure(null) : Config.autoConfigure(context);
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
