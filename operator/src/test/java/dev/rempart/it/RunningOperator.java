package dev.rempart.it;

import dev.rempart.operator.OperatorSettings;
import dev.rempart.operator.RempartOperator;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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
    KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
    RempartOperator operator =
        RempartOperator.start(
            client, new OperatorSettings(Duration.ofMinutes(10), 8, Clock.systemUTC()), null, null);
    Awaitility.await().atMost(60, TimeUnit.SECONDS).until(operator::isReady);
    return new RunningOperator(client, operator);
  }

  /** The operator as an administrator would run it. */
  public static RunningOperator startAsAdmin() {
    return start(ControlPlane.config());
  }

  @Override
  public void close() {
    operator.close();
    client.close();
  }
}
