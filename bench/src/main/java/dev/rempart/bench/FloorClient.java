package dev.rempart.bench;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.Map;

/**
 * The floor the operator is measured against: a plain fabric8 client applying, with server-side
 * apply, the same objects Rempart makes in a namespace (default deny, DNS, environment isolation,
 * and the Pod Security labels), and, for drift, a watch that re-applies a deleted policy at once.
 */
final class FloorClient implements AutoCloseable {
  static final String LABEL = "bench.rempart.dev/floor";
  private final Watch watch;

  private FloorClient(Watch watch) {
    this.watch = watch;
  }

  static Object applyAll(KubernetesClient client, String namespace) {
    for (NetworkPolicy policy : policies(namespace)) {
      client.resource(policy).fieldManager("bench").forceConflicts().serverSideApply();
    }
    Namespace labels =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName(namespace)
            .withLabels(
                Map.of(
                    "pod-security.kubernetes.io/enforce", "restricted",
                    "pod-security.kubernetes.io/enforce-version", "v1.35"))
            .endMetadata()
            .build();
    return client.resource(labels).fieldManager("bench").forceConflicts().serverSideApply();
  }

  /** Deletes the floor's policies in a namespace (its Pod Security labels stay). */
  static Object deleteAll(KubernetesClient client, String namespace) {
    return client
        .network()
        .v1()
        .networkPolicies()
        .inNamespace(namespace)
        .withLabel(LABEL, "true")
        .delete();
  }

  /** Watches the floor's policies and re-applies one as soon as it is deleted. */
  static FloorClient repairing(KubernetesClient client) {
    Watch watch =
        client
            .network()
            .v1()
            .networkPolicies()
            .inAnyNamespace()
            .withLabel(LABEL, "true")
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, NetworkPolicy p) {
                    if (action != Action.DELETED) {
                      return;
                    }
                    String ns = p.getMetadata().getNamespace();
                    policies(ns).stream()
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
    return new FloorClient(watch);
  }

  private static List<NetworkPolicy> policies(String namespace) {
    Map<String, String> labels = Map.of(LABEL, "true");
    NetworkPolicy deny =
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName("default-deny")
            .withNamespace(namespace)
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withPodSelector(new LabelSelector())
            .withPolicyTypes("Ingress", "Egress")
            .endSpec()
            .build();
    NetworkPolicy dns =
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName("allow-dns")
            .withNamespace(namespace)
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withPodSelector(new LabelSelector())
            .withPolicyTypes("Egress")
            .addNewEgress()
            .addNewTo()
            .withNewNamespaceSelector()
            .addToMatchLabels("kubernetes.io/metadata.name", "kube-system")
            .endNamespaceSelector()
            .withNewPodSelector()
            .addToMatchLabels("k8s-app", "kube-dns")
            .endPodSelector()
            .endTo()
            .addNewPort()
            .withProtocol("UDP")
            .withNewPort(53)
            .endPort()
            .addNewPort()
            .withProtocol("TCP")
            .withNewPort(53)
            .endPort()
            .endEgress()
            .endSpec()
            .build();
    NetworkPolicy isolation =
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName("environment-isolation")
            .withNamespace(namespace)
            .withLabels(labels)
            .endMetadata()
            .withNewSpec()
            .withPodSelector(new LabelSelector())
            .withPolicyTypes("Ingress")
            .addNewIngress()
            .addNewFrom()
            .withNamespaceSelector(
                new LabelSelectorBuilder()
                    .withMatchLabels(Map.of("rempart.dev/environment", "production"))
                    .build())
            .endFrom()
            .endIngress()
            .endSpec()
            .build();
    return List.of(deny, dns, isolation);
  }

  @Override
  public void close() {
    watch.close();
  }
}
