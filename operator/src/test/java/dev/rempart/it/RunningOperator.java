package dev.rempart.it;

import dev.rempart.operator.LeanSerialization;
import dev.rempart.operator.OperatorSettings;
import dev.rempart.operator.RempartOperator;
import dev.rempart.operator.RepairBackoff;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * Rempart's operator running in the test JVM against the shared control plane, under the
 * credentials it is given.
 */
public final class RunningOperator implements AutoCloseable {
  private final KubernetesClient client;
  private final RempartOperator operator;

  private RunningOperator(KubernetesClient client, RempartOperator operator) {
    this.client = client;
    this.operator = operator;
  }

  /** Starts the operator with the given client configuration and waits until it is ready. */
  public static RunningOperator start(Config config) {
    return start(config, defaultSettings(), RepairBackoff.defaults());
  }

  private static OperatorSettings defaultSettings() {
    return new OperatorSettings(Duration.ofMinutes(10), 8, Clock.systemUTC());
  }

  private static RunningOperator start(
      Config config, OperatorSettings settings, RepairBackoff backoff) {
    KubernetesClient client = LeanSerialization.client(config);
    RempartOperator operator = RempartOperator.start(client, settings, backoff, null, null);
    Awaitility.await().atMost(60, TimeUnit.SECONDS).until(operator::isReady);
    return new RunningOperator(client, operator);
  }

  /**
   * The operator as the Helm chart installs it: its client impersonates the chart's ServiceAccount,
   * bound to exactly the RBAC the chart renders (with the given chart values), so a permission the
   * chart lacks fails the test.
   */
  public static RunningOperator startUnderChartRbac(String... helmValues) {
    return startUnderChartRbac(defaultSettings(), RepairBackoff.defaults(), helmValues);
  }

  /** The same, with other operator settings (report format, ...). */
  public static RunningOperator startUnderChartRbac(
      OperatorSettings settings, String... helmValues) {
    return startUnderChartRbac(settings, RepairBackoff.defaults(), helmValues);
  }

  /**
   * The same, with settings made for the release namespace the chart's RBAC was applied in (where
   * the operator keeps its own objects, such as the record's head).
   */
  public static RunningOperator startUnderChartRbac(
      java.util.function.Function<String, OperatorSettings> settingsInNamespace,
      String... helmValues) {
    String release = "rempart-" + Integer.toHexString(String.join(",", helmValues).hashCode());
    try (KubernetesClient admin = ControlPlane.adminClient()) {
      ChartRbac.Subject subject = ChartRbac.apply(admin, release, helmValues);
      return start(
          subject.impersonating(ControlPlane.config()),
          settingsInNamespace.apply(release),
          RepairBackoff.defaults());
    }
  }

  /** The same, with another back-off from writers that keep undoing what Rempart manages. */
  public static RunningOperator startUnderChartRbac(RepairBackoff backoff, String... helmValues) {
    return startUnderChartRbac(defaultSettings(), backoff, helmValues);
  }

  private static RunningOperator startUnderChartRbac(
      OperatorSettings settings, RepairBackoff backoff, String... helmValues) {
    String release = "rempart-" + Integer.toHexString(String.join(",", helmValues).hashCode());
    try (KubernetesClient admin = ControlPlane.adminClient()) {
      ChartRbac.Subject subject = ChartRbac.apply(admin, release, helmValues);
      return start(subject.impersonating(ControlPlane.config()), settings, backoff);
    }
  }

  /** The operator itself (its metrics, readiness). */
  public RempartOperator operator() {
    return operator;
  }

  @Override
  public void close() {
    operator.close();
    client.close();
  }
}
