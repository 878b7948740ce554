package dev.rempart.operator;

import dev.rempart.core.Evaluator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the operator back while its installation is wrong (see {@link Preflight}): each problem is
 * logged as an error naming what is missing and what to do, and checked again until it is fixed,
 * the process alive but not ready. A crash loop would say the same less clearly, and during a
 * rolling upgrade the replica of the previous version, still ready, keeps working meanwhile.
 */
public final class StartupGate {
  private static final Logger LOG = LoggerFactory.getLogger(StartupGate.class);

  /** How often a failed check is made again: a fix (kubectl apply) is seen within this. */
  public static final Duration RETRY = Duration.ofSeconds(20);

  private final Supplier<List<String>> check;
  private final Duration retry;

  public StartupGate(Supplier<List<String>> check, Duration retry) {
    this.check = check;
    this.retry = retry;
  }

  /** The gate for an operator with these settings (leading through a Lease there, if any). */
  public static StartupGate of(
      KubernetesClient client, OperatorSettings settings, String leaseNamespace) {
    return new StartupGate(() -> problemsOf(client, settings, leaseNamespace), RETRY);
  }

  /** What keeps an operator with these settings from starting, through this client. */
  public static List<String> problemsOf(
      KubernetesClient client, OperatorSettings settings, String leaseNamespace) {
    Set<Class<? extends HasMetadata>> watched =
        RempartOperator.watched(
            Evaluator.standard(),
            settings,
            RempartOperator.unserved(client),
            VulnerabilityInputs.probe(client));
    return new Preflight(client).problems(watched, leaseNamespace);
  }

  /** Returns once the checks pass; the number of failed attempts before. */
  public int awaitPassing() throws InterruptedException {
    int failed = 0;
    while (true) {
      List<String> problems = check.get();
      if (problems.isEmpty()) {
        if (failed > 0) {
          LOG.info("the installation is now complete: starting");
        }
        return failed;
      }
      failed++;
      for (String problem : problems) {
        LOG.error("cannot start: {}", problem);
      }
      LOG.error(
          "not starting until {} fixed (checking again every {} s; /readyz answers 503 meanwhile)",
          problems.size() == 1 ? "this is" : "these " + problems.size() + " are",
          retry.toSeconds());
      Thread.sleep(retry.toMillis());
    }
  }
}
