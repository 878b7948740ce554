package dev.rempart.core.controls.network;

import dev.rempart.api.v1alpha1.PolicyDirection;
import dev.rempart.core.LabelSelectors;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What a NetworkPolicy means, as the Kubernetes NetworkPolicy API defines it. */
final class PolicySemantics {
  private static final Set<String> EVERY_ADDRESS = Set.of("0.0.0.0/0", "::/0");

  private PolicySemantics() {}

  /** True when the policy selects every pod of its namespace. */
  static boolean selectsAllPods(NetworkPolicy policy) {
    return policy.getSpec() != null && LabelSelectors.isEmpty(policy.getSpec().getPodSelector());
  }

  /**
   * The directions the policy isolates its pods in. Without {@code policyTypes}, a policy always
   * isolates Ingress, and Egress only when it has egress rules.
   */
  static List<PolicyDirection> policyTypes(NetworkPolicy policy) {
    NetworkPolicySpec spec = policy.getSpec();
    if (spec == null) {
      return List.of();
    }
    if (spec.getPolicyTypes() != null && !spec.getPolicyTypes().isEmpty()) {
      List<PolicyDirection> types = new ArrayList<>();
      for (String t : spec.getPolicyTypes()) {
        if (t.equals("Ingress")) {
          types.add(PolicyDirection.Ingress);
        } else if (t.equals("Egress")) {
          types.add(PolicyDirection.Egress);
        }
      }
      return types;
    }
    boolean egressRules = spec.getEgress() != null && !spec.getEgress().isEmpty();
    return egressRules
        ? List.of(PolicyDirection.Ingress, PolicyDirection.Egress)
        : List.of(PolicyDirection.Ingress);
  }

  /** True when the policy puts every pod of its namespace under isolation in that direction. */
  static boolean isolatesAllPods(NetworkPolicy policy, PolicyDirection direction) {
    return selectsAllPods(policy) && policyTypes(policy).contains(direction);
  }

  /** The directions in which a rule of the policy admits any peer on any port. */
  static List<PolicyDirection> directionsOpenedToAll(NetworkPolicy policy) {
    NetworkPolicySpec spec = policy.getSpec();
    List<PolicyDirection> opened = new ArrayList<>();
    if (spec == null) {
      return opened;
    }
    List<PolicyDirection> types = policyTypes(policy);
    if (types.contains(PolicyDirection.Ingress)
        && spec.getIngress() != null
        && spec.getIngress().stream().anyMatch(r -> opensAll(r.getFrom(), r.getPorts()))) {
      opened.add(PolicyDirection.Ingress);
    }
    if (types.contains(PolicyDirection.Egress)
        && spec.getEgress() != null
        && spec.getEgress().stream().anyMatch(r -> opensAll(r.getTo(), r.getPorts()))) {
      opened.add(PolicyDirection.Egress);
    }
    return opened;
  }

  private static boolean opensAll(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports) {
    if (ports != null && !ports.isEmpty()) {
      return false;
    }
    return peers == null || peers.isEmpty() || peers.stream().anyMatch(PolicySemantics::isEveryone);
  }

  private static boolean isEveryone(NetworkPolicyPeer peer) {
    IPBlock block = peer.getIpBlock();
    if (block != null) {
      return EVERY_ADDRESS.contains(block.getCidr())
          && (block.getExcept() == null || block.getExcept().isEmpty());
    }
    boolean allNamespaces = LabelSelectors.isEmpty(peer.getNamespaceSelector());
    boolean allPodsThere =
        peer.getPodSelector() == null || LabelSelectors.isEmpty(peer.getPodSelector());
    return allNamespaces && allPodsThere;
  }
}
