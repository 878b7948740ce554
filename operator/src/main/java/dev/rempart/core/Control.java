package dev.rempart.core;

import dev.rempart.api.v1alpha1.ControlSection;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/**
 * One control of the addendum: a pure function of its spec section and a snapshot. A control never
 * performs I/O; it returns findings and the objects it wants to exist.
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

  /** Evaluates the governed namespaces. */
  ControlResult evaluate(ControlContext context);
}
