package dev.rempart.core;

import dev.rempart.api.v1alpha1.ControlSection;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.Optional;

/**
 * One control of the addendum: a pure function of its spec section and a snapshot. A control never
 * performs I/O; it returns findings and the objects it wants to exist. It is evaluated in parts,
 * one per governed namespace and one for the cluster, so that a change in one namespace costs the
 * evaluation of that namespace only.
 */
public interface Control {
  /** The name of the control and of its spec section ({@code network}). */
  String name();

  /** The addendum clauses it implements, as cited in findings ({@code 4.4}). */
  String clauses();

  /** The control's section of the spec; absent means the control is not evaluated. */
  Optional<? extends ControlSection> section(SecurityBaselineSpec spec);

  /** The types of object the control reads: the operator watches exactly these. */
  List<Class<? extends HasMetadata>> inputs();

  /**
   * The types of object the control creates and owns whole. Rempart removes objects of these types
   * that carry its baseline's label but are no longer desired.
   */
  List<Class<? extends HasMetadata>> ownedTypes();

  /**
   * True for a finding that warns rather than breaks the clause (a vulnerability due soon): it is
   * reported and counted like any other, but a report does not call the clause non-compliant for
   * it.
   */
  default boolean advisory(Finding finding) {
    return false;
  }

  /**
   * Evaluates what does not belong to one governed namespace: cluster-scoped objects, and objects
   * read wherever they are (the API server's flags, an ingress controller's configuration).
   */
  default void evaluateCluster(ControlContext context, ControlResult.Builder out) {}

  /**
   * Evaluates one governed namespace. What it reads outside that namespace, it reads through the
   * context's snapshot, which records it: a change there re-evaluates this namespace too.
   */
  void evaluateNamespace(ControlContext context, Namespace namespace, ControlResult.Builder out);

  /** Evaluates the cluster part and every governed namespace of the context at once. */
  default ControlResult evaluate(ControlContext context) {
    ControlResult.Builder out = ControlResult.builder();
    evaluateCluster(context, out);
    for (Namespace namespace : context.governedNamespaces()) {
      evaluateNamespace(context, namespace, out);
    }
    return out.build();
  }
}
