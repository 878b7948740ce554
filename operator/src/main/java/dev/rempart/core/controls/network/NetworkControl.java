package dev.rempart.core.controls.network;

import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.api.v1alpha1.NetworkSpec;
import dev.rempart.api.v1alpha1.PolicyDirection;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import dev.rempart.core.Control;
import dev.rempart.core.ControlContext;
import dev.rempart.core.ControlResult;
import dev.rempart.core.DesiredObject;
import dev.rempart.core.Finding;
import dev.rempart.core.ManagedObjects;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import dev.rempart.core.UnevaluableObject;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Clause 4.4: deny all traffic by default in every governed namespace, allow only what the baseline
 * declares, and report policies that open everything again.
 */
public final class NetworkControl implements Control {
  public static final String NAME = "network";
  public static final String CLAUSE = "4.4";
  public static final String CHECK_DEFAULT_DENY = "defaultDeny";
  public static final String CHECK_ALLOW_ALL = "allowAllPolicy";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String clauses() {
    return CLAUSE;
  }

  @Override
  public Optional<NetworkSpec> section(SecurityBaselineSpec spec) {
    return Optional.ofNullable(spec.getNetwork());
  }

  @Override
  public List<Class<? extends HasMetadata>> inputs() {
    return List.of(NetworkPolicy.class);
  }

  @Override
  public List<Class<? extends HasMetadata>> ownedTypes() {
    return List.of(NetworkPolicy.class);
  }

  @Override
  public void evaluateNamespace(
      ControlContext context, Namespace ns, ControlResult.Builder result) {
    NetworkSpec spec = context.baseline().getSpec().getNetwork();
    boolean enforced = context.mode() == Mode.Enforce;
    String namespace = ns.getMetadata().getName();
    for (NetworkPolicy desired : ManagedPolicies.desired(context.baseline(), spec, namespace)) {
      result.desired(new DesiredObject(NAME, desired, enforced, true));
    }
    // A policy of a shape the semantics below do not handle is reported as unevaluable by name;
    // the namespace's other policies are judged without it.
    List<NetworkPolicy> present =
        UnevaluableObject.evaluable(
            NAME,
            CLAUSE,
            context.snapshot().inNamespace(NetworkPolicy.class, namespace),
            result,
            NetworkControl::read);
    checkDefaultDeny(spec, namespace, present, result);
    checkAllowAll(present, result);
  }

  /** Everything the checks read of one policy, so that it fails here if it fails at all. */
  private static void read(NetworkPolicy policy) {
    for (PolicyDirection direction : PolicyDirection.values()) {
      PolicySemantics.isolatesAllPods(policy, direction);
    }
    PolicySemantics.directionsOpenedToAll(policy);
    PolicySemantics.selectsAllPods(policy);
    ManagedObjects.isManaged(policy);
  }

  private static void checkDefaultDeny(
      NetworkSpec spec, String namespace, List<NetworkPolicy> present, ControlResult.Builder out) {
    ResourceRef fix =
        new ResourceRef(
            "networking.k8s.io/v1", "NetworkPolicy", namespace, ManagedPolicies.DEFAULT_DENY);
    List<PolicyDirection> open =
        spec.effectiveDefaultDeny().stream()
            .filter(d -> present.stream().noneMatch(p -> PolicySemantics.isolatesAllPods(p, d)))
            .toList();
    if (open.isEmpty()) {
      return;
    }
    String directions = open.stream().map(Enum::name).collect(Collectors.joining(" and "));
    String types = open.stream().map(Enum::name).collect(Collectors.joining(", "));
    out.finding(
        new Finding(
            NAME,
            CHECK_DEFAULT_DENY,
            CLAUSE,
            Severity.HIGH,
            ResourceRef.namespace(namespace),
            "Namespace "
                + namespace
                + " has no default-deny NetworkPolicy for "
                + directions
                + " traffic, so its pods accept or open any connection the policies do not"
                + " name. Add a NetworkPolicy with an empty podSelector and policyTypes ["
                + types
                + "] (in Enforce, Rempart creates "
                + ManagedPolicies.DEFAULT_DENY
                + ").",
            fix));
  }

  private static void checkAllowAll(List<NetworkPolicy> present, ControlResult.Builder out) {
    for (NetworkPolicy policy : present) {
      if (ManagedObjects.isManaged(policy)) {
        continue;
      }
      for (PolicyDirection direction : PolicySemantics.directionsOpenedToAll(policy)) {
        boolean allPods = PolicySemantics.selectsAllPods(policy);
        out.finding(
            Finding.of(
                NAME,
                CHECK_ALLOW_ALL,
                CLAUSE,
                allPods ? Severity.HIGH : Severity.MEDIUM,
                ResourceRef.of(policy),
                "NetworkPolicy "
                    + policy.getMetadata().getNamespace()
                    + "/"
                    + policy.getMetadata().getName()
                    + " allows all "
                    + direction
                    + " traffic on every port for "
                    + (allPods ? "every pod of the namespace" : "the pods it selects")
                    + ", which undoes the default deny. Replace the empty rule (or the"
                    + " 0.0.0.0/0 block, or the empty namespaceSelector) with the peers and"
                    + " ports the service needs. Rempart does not change this policy: it is not"
                    + " its own."));
      }
    }
  }
}
