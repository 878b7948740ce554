package dev.rempart.core.controls.network;

import dev.rempart.api.v1alpha1.NetworkPeer;
import dev.rempart.api.v1alpha1.NetworkSpec;
import dev.rempart.api.v1alpha1.PeerPort;
import dev.rempart.api.v1alpha1.PolicyDirection;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.ManagedObjects;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlockBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The NetworkPolicies the network control wants in a governed namespace. Every field the API server
 * would default (port protocols, policy types) is set explicitly, so that what is read back
 * compares equal to what was applied.
 */
public final class ManagedPolicies {
  public static final String DEFAULT_DENY = "rempart-default-deny";
  public static final String ALLOW_DNS = "rempart-allow-dns";
  public static final String ALLOW_SAME_NAMESPACE = "rempart-allow-same-namespace";
  public static final String ALLOW_INGRESS = "rempart-allow-ingress";
  public static final String ALLOW_EGRESS = "rempart-allow-egress";

  private ManagedPolicies() {}

  /**
   * The policies for one namespace. Allowances are made only for a direction that is denied by
   * default: an allowance alone would isolate the pods in a direction the baseline leaves open.
   */
  public static List<NetworkPolicy> desired(
      SecurityBaseline baseline, NetworkSpec spec, String namespace) {
    List<PolicyDirection> denied = spec.effectiveDefaultDeny();
    boolean ingress = denied.contains(PolicyDirection.Ingress);
    boolean egress = denied.contains(PolicyDirection.Egress);
    List<NetworkPolicy> policies = new ArrayList<>();
    policies.add(
        policy(baseline, namespace, DEFAULT_DENY)
            .withNewSpec()
            .withPodSelector(new LabelSelector())
            .withPolicyTypes(typesOf(denied))
            .endSpec()
            .build());
    if (egress && spec.effectiveAllowDNS()) {
      policies.add(allowDns(baseline, namespace));
    }
    if (spec.effectiveAllowSameNamespace()) {
      policies.add(allowSameNamespace(baseline, namespace, ingress, egress));
    }
    if (ingress && !spec.effectiveAllowIngressFrom().isEmpty()) {
      policies.add(allowIngress(baseline, namespace, spec.effectiveAllowIngressFrom()));
    }
    if (egress && !spec.effectiveAllowEgressTo().isEmpty()) {
      policies.add(allowEgress(baseline, namespace, spec.effectiveAllowEgressTo()));
    }
    return policies;
  }

  private static NetworkPolicy allowDns(SecurityBaseline baseline, String namespace) {
    NetworkPolicyPeer kubeDns =
        new NetworkPolicyPeerBuilder()
            .withNamespaceSelector(selector(Map.of("kubernetes.io/metadata.name", "kube-system")))
            .withPodSelector(selector(Map.of("k8s-app", "kube-dns")))
            .build();
    return policy(baseline, namespace, ALLOW_DNS)
        .withNewSpec()
        .withPodSelector(new LabelSelector())
        .withPolicyTypes("Egress")
        .addToEgress(
            new NetworkPolicyEgressRuleBuilder()
                .withTo(kubeDns)
                .withPorts(port("UDP", new IntOrString(53)), port("TCP", new IntOrString(53)))
                .build())
        .endSpec()
        .build();
  }

  private static NetworkPolicy allowSameNamespace(
      SecurityBaseline baseline, String namespace, boolean ingress, boolean egress) {
    NetworkPolicyPeer samePods =
        new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelector()).build();
    List<String> types = new ArrayList<>();
    var spec =
        policy(baseline, namespace, ALLOW_SAME_NAMESPACE)
            .withNewSpec()
            .withPodSelector(new LabelSelector());
    if (ingress) {
      types.add("Ingress");
      spec.addToIngress(new NetworkPolicyIngressRuleBuilder().withFrom(samePods).build());
    }
    if (egress) {
      types.add("Egress");
      spec.addToEgress(new NetworkPolicyEgressRuleBuilder().withTo(samePods).build());
    }
    return spec.withPolicyTypes(types).endSpec().build();
  }

  private static NetworkPolicy allowIngress(
      SecurityBaseline baseline, String namespace, List<NetworkPeer> peers) {
    var spec =
        policy(baseline, namespace, ALLOW_INGRESS)
            .withNewSpec()
            .withPodSelector(new LabelSelector())
            .withPolicyTypes("Ingress");
    for (NetworkPeer peer : peers) {
      spec.addToIngress(
          new NetworkPolicyIngressRuleBuilder()
              .withFrom(peer(peer))
              .withPorts(ports(peer))
              .build());
    }
    return spec.endSpec().build();
  }

  private static NetworkPolicy allowEgress(
      SecurityBaseline baseline, String namespace, List<NetworkPeer> peers) {
    var spec =
        policy(baseline, namespace, ALLOW_EGRESS)
            .withNewSpec()
            .withPodSelector(new LabelSelector())
            .withPolicyTypes("Egress");
    for (NetworkPeer peer : peers) {
      spec.addToEgress(
          new NetworkPolicyEgressRuleBuilder().withTo(peer(peer)).withPorts(ports(peer)).build());
    }
    return spec.endSpec().build();
  }

  private static NetworkPolicyBuilder policy(
      SecurityBaseline baseline, String namespace, String name) {
    return new NetworkPolicyBuilder()
        .withMetadata(
            ManagedObjects.metadata(
                baseline, NetworkControl.NAME, NetworkControl.CLAUSE, namespace, name));
  }

  private static List<String> typesOf(List<PolicyDirection> directions) {
    // A stable order (Ingress, Egress) whatever the order in the baseline.
    List<String> types = new ArrayList<>();
    if (directions.contains(PolicyDirection.Ingress)) {
      types.add("Ingress");
    }
    if (directions.contains(PolicyDirection.Egress)) {
      types.add("Egress");
    }
    return types;
  }

  private static NetworkPolicyPeer peer(NetworkPeer peer) {
    var builder = new NetworkPolicyPeerBuilder();
    if (peer.getIpBlock() != null) {
      builder.withIpBlock(
          new IPBlockBuilder()
              .withCidr(peer.getIpBlock().getCidr())
              .withExcept(peer.getIpBlock().getExcept())
              .build());
    }
    builder.withNamespaceSelector(peer.getNamespaceSelector());
    builder.withPodSelector(peer.getPodSelector());
    return builder.build();
  }

  private static List<NetworkPolicyPort> ports(NetworkPeer peer) {
    List<NetworkPolicyPort> ports = new ArrayList<>();
    if (peer.getPorts() != null) {
      for (PeerPort p : peer.getPorts()) {
        String protocol = p.getProtocol() == null ? "TCP" : p.getProtocol().name();
        NetworkPolicyPort port = port(protocol, p.getPort());
        port.setEndPort(p.getEndPort());
        ports.add(port);
      }
    }
    return ports;
  }

  private static NetworkPolicyPort port(String protocol, IntOrString number) {
    return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(number).build();
  }

  private static LabelSelector selector(Map<String, String> labels) {
    return new LabelSelectorBuilder().withMatchLabels(labels).build();
  }
}
