package dev.rempart.core.controls.accesscontrol;

import dev.rempart.api.v1alpha1.AccessControlSpec;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import dev.rempart.core.Control;
import dev.rempart.core.ControlContext;
import dev.rempart.core.ControlResult;
import dev.rempart.core.Snapshot;
import dev.rempart.core.UnevaluableObject;
import dev.rempart.core.Workloads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Clauses 4.1 (unique identities, least privilege), 5.4 (access reviewed at least quarterly) and
 * 9.2 (the subscriber sets the duration of access).
 *
 * <p>What it reads: every ClusterRoleBinding (they grant in every namespace, governed ones
 * included), the RoleBindings, ServiceAccounts, token Secrets (type and metadata only) and
 * workloads of the governed namespaces, and the Roles and ClusterRoles those bindings name.
 *
 * <p>Findings, by severity:
 *
 * <ul>
 *   <li>critical (4.1): cluster-admin, or any role granting {@code *} on {@code *}, bound to a
 *       subject that is not the system's own ({@code clusterAdmin}); any grant to {@code
 *       system:anonymous} or {@code system:unauthenticated} ({@code broadSubject}).
 *   <li>high (4.1): a role with wildcard verbs or resources bound to such a subject ({@code
 *       wildcardRole}); a grant to {@code system:authenticated} ({@code broadSubject}).
 *   <li>high (9.2): a binding past its {@code rempart.dev/expires-at} ({@code accessExpired}), or
 *       whose expiry is unreadable ({@code accessExpiryMalformed}).
 *   <li>medium (4.1): a legacy long-lived token Secret ({@code legacyToken}); a workload on the
 *       {@code default} ServiceAccount with its token mounted ({@code defaultServiceAccount}).
 *   <li>medium (5.4): a missing, unreadable or stale {@code rempart.dev/reviewed-at} ({@code
 *       accessReview}).
 *   <li>low (4.1): a workload on the {@code default} ServiceAccount without a token.
 * </ul>
 *
 * <p>"The system's own" is defined in {@link SystemIdentities}. The only change this control asks
 * for is the {@link dev.rempart.core.Removal} of expired bindings, in Enforce with {@code
 * removeExpiredBindings: true}; every other finding is for a person to fix, since only a person
 * knows who should hold which rights. ClusterRoleBindings are reported by every baseline that
 * enables this control.
 */
public final class AccessControlControl implements Control {
  public static final String NAME = "accessControl";
  public static final String CLAUSE_PRIVILEGE = "4.1";
  public static final String CLAUSE_REVIEW = "5.4";
  public static final String CLAUSE_DURATION = "9.2";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String clauses() {
    return CLAUSE_PRIVILEGE + ", " + CLAUSE_REVIEW + ", " + CLAUSE_DURATION;
  }

  @Override
  public Optional<AccessControlSpec> section(SecurityBaselineSpec spec) {
    return Optional.ofNullable(spec.getAccessControl());
  }

  @Override
  public List<Class<? extends HasMetadata>> inputs() {
    List<Class<? extends HasMetadata>> inputs = new ArrayList<>();
    inputs.add(ClusterRoleBinding.class);
    inputs.add(RoleBinding.class);
    inputs.add(ClusterRole.class);
    inputs.add(Role.class);
    inputs.add(ServiceAccount.class);
    inputs.add(Secret.class);
    inputs.addAll(Workloads.KINDS);
    return inputs;
  }

  @Override
  public List<Class<? extends HasMetadata>> ownedTypes() {
    return List.of();
  }

  /** Every ClusterRoleBinding: they grant in every namespace, governed ones included. */
  @Override
  public void evaluateCluster(ControlContext context, ControlResult.Builder result) {
    UnevaluableObject.each(
        NAME,
        clauses(),
        context.snapshot().all(ClusterRoleBinding.class),
        result,
        (binding, out) -> check(context, Binding.of(binding), out));
  }

  /** The namespace's RoleBindings and service accounts. */
  @Override
  public void evaluateNamespace(
      ControlContext context, Namespace ns, ControlResult.Builder result) {
    Snapshot snapshot = context.snapshot();
    String namespace = ns.getMetadata().getName();
    // Binding by binding: one of a shape the checks do not handle is reported by name.
    UnevaluableObject.each(
        NAME,
        clauses(),
        snapshot.inNamespace(RoleBinding.class, namespace),
        result,
        (binding, out) -> check(context, Binding.of(binding), out));
    ServiceAccountChecks.checkDefaultServiceAccount(snapshot, namespace, result);
    ServiceAccountChecks.checkLegacyTokens(snapshot, namespace, result);
  }

  private static void check(ControlContext context, Binding binding, ControlResult.Builder out) {
    AccessControlSpec spec = context.baseline().getSpec().getAccessControl();
    PrivilegeChecks.check(binding, context.snapshot(), spec, out);
    AccessReviews.check(binding, spec, context.mode(), context.now(), out);
  }
}
