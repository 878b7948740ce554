package dev.rempart.cli.audit;

import java.util.Locale;

/**
 * Who fixes a finding. {@code PLATFORM}: Rempart remediates it itself in Enforce (the objects it
 * creates or the labels it sets in the namespace, the bindings it removes), so the team that owns
 * the cluster answers for it; {@code APP}: only a change to the manifests fixes it.
 */
public enum Owner {
  APP,
  PLATFORM;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
