package dev.rempart.core.controls.environments;

import dev.rempart.core.LabelSelectors;
import dev.rempart.core.ManagedObjects;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Whether the NetworkPolicies of a namespace keep out the namespaces of other environments.
 *
 * <p>Policies add up: a pod isolated for ingress accepts what any policy selecting it admits. So a
 * namespace is kept apart when (1) some policy selects all its pods for Ingress and (2) no policy
 * that is not Rempart's admits a namespace of another environment. Rempart's own policies are left
 * out of (2): their peers are what the baseline itself declares. Peers given as an ipBlock are left
 * out too: NetworkPolicy defines ipBlock for traffic from outside the cluster, which is not another
 * environment.
 */
final class IngressIsolation {
  private IngressIsolation() {}

  /** True when some policy selects every pod of the namespace for Ingress. */
  static boolean podsIsolated(List<NetworkPolicy> policies) {
    return policies.stream()
        .anyMatch(
            p ->
                p.getSpec() != null
                    && LabelSelectors.isEmpty(p.getSpec().getPodSelector())
                    && governsIngress(p));
  }

  /**
   * What a policy that is not Rempart's admits from outside the environment: "every source", "every
   * namespace", or "namespace x" for each namespace of another environment its peers select now.
   * Empty when nothing.
   */
  static List<String> otherEnvironmentSources(
      NetworkPolicy policy,
      Environments environments,
      String environment,
      Supplier<List<Namespace>> allNamespaces) {
    if (ManagedObjects.isManaged(policy) || policy.getSpec() == null || !governsIngress(policy)) {
      return List.of();
    }
    List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
    if (rules == null) {
      return List.of();
    }
    TreeSet<String> sources = new TreeSet<>();
    for (NetworkPolicyIngressRule rule : rules) {
      if (rule.getFrom() == null || rule.getFrom().isEmpty()) {
        return List.of("every source");
      }
      for (NetworkPolicyPeer peer : rule.getFrom()) {
        LabelSelector namespaces = peer.getNamespaceSelector();
        if (peer.getIpBlock() != null
            || namespaces == null
            || requiresEnvironment(namespaces, environments.label(), environment)) {
          continue;
        }
        if (LabelSelectors.isEmpty(namespaces)) {
          return List.of("every namespace");
        }
        for (Namespace ns : allNamespaces.get()) {
          if (LabelSelectors.matches(namespaces, ns.getMetadata().getLabels())
              && !environment.equals(environments.of(ns))) {
            sources.add("namespace " + ns.getMetadata().getName());
          }
        }
      }
    }
    return new ArrayList<>(sources);
  }

  /** True when the selector can only match namespaces labelled with the given environment. */
  static boolean requiresEnvironment(LabelSelector selector, String label, String environment) {
    if (selector.getMatchLabels() != null
        && environment.equals(selector.getMatchLabels().get(label))) {
      return true;
    }
    if (selector.getMatchExpressions() == null) {
      return false;
    }
    for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
      if (label.equals(r.getKey())
          && "In".equals(r.getOperator())
          && r.getValues() != null
          && !r.getValues().isEmpty()
          && r.getValues().stream().allMatch(v -> Objects.equals(v, environment))) {
        return true;
      }
    }
    return false;
  }

  /** Without policyTypes a policy always governs Ingress; with them, only if Ingress is listed. */
  private static boolean governsIngress(NetworkPolicy policy) {
    List<String> types = policy.getSpec().getPolicyTypes();
    return types == null || types.isEmpty() || types.contains("Ingress");
  }
}
