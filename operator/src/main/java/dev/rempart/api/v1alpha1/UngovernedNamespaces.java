package dev.rempart.api.v1alpha1;

/**
 * What a baseline says about namespaces its selector leaves out: {@code Ignore} (the default)
 * leaves them alone; {@code Report} makes each one a finding, for platforms that want every
 * namespace covered.
 */
public enum UngovernedNamespaces {
  Report,
  Ignore
}
