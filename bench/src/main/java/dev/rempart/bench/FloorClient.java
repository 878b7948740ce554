package dev.rempart.bench;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.DesiredObject;
import dev.rempart.core.Evaluator;
import dev.rempart.core.ManagedObjects;
import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The floor the operator is measured against: a plain fabric8 client applying, with server-side
 * apply, the very objects Rempart applies (computed by the same core from the same baseline, with
 * the same labels, annotation and owner reference), and, for drift, a watch that re-applies a
 * deleted policy at once.
 */
final class FloorClient implements AutoCloseable {
  /** Marks the floor's namespaces: the floor's copy of the baseline selects them. */
  static final String LABEL = "bench.rempart.dev/floor";

  private final Map<String, List<HasMetadata>> byNamespace;
  private Watch watch;

  private FloorClient(Map<String, List<HasMetadata>> byNamespace) {
    this.byNamespace = byNamespace;
  }

  /**
   * The objects {@code baseline} (which selects the floor's namespaces by {@link #LABEL}) wants in
   * {@code namespaces}, as Rempart's core computes them. The baseline gets a uid of its own: the
   * owner reference points at no object (the test control plane runs no garbage collector).
   */
  static FloorClient of(SecurityBaseline baseline, List<Namespace> namespaces) {
    baseline.getMetadata().setUid(UUID.randomUUID().toString());
    Map<String, List<HasMetadata>> byNamespace = new HashMap<>();
    for (DesiredObject desired :
        Evaluator.standard()
            .evaluate(baseline, Snapshot.builder().addAll(namespaces).build(), Clock.systemUTC())
            .desired()) {
      HasMetadata object = desired.object();
      String namespace =
          object instanceof Namespace
              ? object.getMetadata().getName()
              : object.getMetadata().getNamespace();
      byNamespace.computeIfAbsent(namespace, n -> new ArrayList<>()).add(object);
    }
    return new FloorClient(byNamespace);
  }

  /** How many policies the floor applies in all. */
  long policies() {
    return byNamespace.values().stream()
        .flatMap(List::stream)
        .filter(NetworkPolicy.class::isInstance)
        .count();
  }

  /** Applies what the baseline wants in one namespace, in the order the core gives. */
  void applyAll(KubernetesClient client, String namespace) {
    for (HasMetadata object : byNamespace.getOrDefault(namespace, List.of())) {
      client.resource(object).fieldManager("bench").forceConflicts().serverSideApply();
    }
  }

  /** Deletes the floor's policies in a namespace (its Pod Security labels stay). */
  static Object deleteAll(KubernetesClient client, String namespace) {
    return client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(namespace)
        .withLabel(ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE)
        .delete();
  }

  /**
   * Watches the managed policies (only the floor's exist while it is measured) and re-applies one
   * as soon as it is deleted.
   */
  FloorClient repairing(KubernetesClient client) {
    watch =
        client
            .network()
            .v1()
            .networkPolicies()
            .inAnyNamespace()
            .withLabel(ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, NetworkPolicy p) {
                    if (action != Action.DELETED) {
                      return;
                    }
                    byNamespace.getOrDefault(p.getMetadata().getNamespace(), List.of()).stream()
                        .filter(d -> d instanceof NetworkPolicy)
                        .filter(d -> d.getMetadata().getName().equals(p.getMetadata().getName()))
                        .forEach(
                            d ->
                                client
                                    .resource(d)
                                    .fieldManager("bench")
                                    .forceConflicts()
                                    .serverSideApply());
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
    return this;
  }

  @Override
  public void close() {
    if (watch != null) {
      watch.close();
    }
  }
}
