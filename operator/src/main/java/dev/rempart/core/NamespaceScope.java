package dev.rempart.core;

import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import io.fabric8.kubernetes.api.model.Namespace;

/**
 * Why a namespace is or is not governed by a baseline, in words a person can act on. The operator
 * and {@code rempart audit} use it to say what was not audited instead of staying silent.
 */
public enum NamespaceScope {
  GOVERNED("governed"),
  EXCLUDED("excluded by name (spec.excludedNamespaces)"),
  NOT_SELECTED("its labels do not match spec.namespaceSelector"),
  OTHER_BASELINE("an older baseline that also selects it governs it"),
  DELETING("being deleted");

  private final String reason;

  NamespaceScope(String reason) {
    this.reason = reason;
  }

  /** {@code excluded by name (spec.excludedNamespaces)}. */
  public String reason() {
    return reason;
  }

  public boolean governed() {
    return this == GOVERNED;
  }

  /** Where the namespace stands for a baseline whose governance has been resolved. */
  public static NamespaceScope of(SecurityBaselineSpec spec, Governance governance, Namespace ns) {
    String name = ns.getMetadata().getName();
    if (governance.governed().stream().anyMatch(g -> g.getMetadata().getName().equals(name))) {
      return GOVERNED;
    }
    return ofUngoverned(spec, ns);
  }

  /**
   * Why a namespace the baseline is known not to govern is left out, from the namespace and the
   * spec alone: a selected namespace that is not governed can only be held by an older baseline. It
   * costs the same whatever the number of governed namespaces, so it can be asked per namespace.
   */
  public static NamespaceScope ofUngoverned(SecurityBaselineSpec spec, Namespace ns) {
    if (spec.effectiveExcludedNamespaces().contains(ns.getMetadata().getName())) {
      return EXCLUDED;
    }
    if (ns.getMetadata().getDeletionTimestamp() != null) {
      return DELETING;
    }
    return Governance.selects(spec, ns) ? OTHER_BASELINE : NOT_SELECTED;
  }
}
