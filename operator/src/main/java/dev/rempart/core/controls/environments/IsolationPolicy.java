package dev.rempart.core.controls.environments;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.ManagedObjects;
import dev.rempart.core.ResourceRef;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.Map;

/**
 * The NetworkPolicy that keeps a namespace of an isolated environment apart: it selects every pod
 * of the namespace for Ingress only and admits traffic only from namespaces that carry the same
 * environment label.
 *
 * <p>Selecting every pod with {@code policyTypes: [Ingress]} isolates every pod for ingress: that
 * is the intent, since an isolated environment must refuse traffic from any other. Traffic that the
 * network control's own allowances admit (an ingress controller) still flows, because policies add
 * up. Egress is untouched ({@code Egress} is not among the policy types), so DNS and outbound calls
 * keep working.
 */
final class IsolationPolicy {
  static final String NAME = "rempart-environment-isolation";

  private IsolationPolicy() {}

  static NetworkPolicy desired(
      SecurityBaseline baseline, String namespace, String environmentLabel, String environment) {
    LabelSelector sameEnvironment =
        new LabelSelectorBuilder().withMatchLabels(Map.of(environmentLabel, environment)).build();
    return new NetworkPolicyBuilder()
        .withMetadata(
            ManagedObjects.metadata(
                baseline, EnvironmentsControl.NAME, EnvironmentsControl.CLAUSE, namespace, NAME))
        .withNewSpec()
        .withPodSelector(new LabelSelector())
        .withPolicyTypes("Ingress")
        .addToIngress(
            new NetworkPolicyIngressRuleBuilder()
                .withFrom(
                    new NetworkPolicyPeerBuilder().withNamespaceSelector(sameEnvironment).build())
                .build())
        .endSpec()
        .build();
  }

  static ResourceRef ref(String namespace) {
    return new ResourceRef("networking.k8s.io/v1", "NetworkPolicy", namespace, NAME);
  }
}
