package dev.rempart.api.v1alpha1;

/** Whether Rempart changes the cluster to match the baseline or only reports where it differs. */
public enum Mode {
  /** Report every drift; write nothing but the baseline's status and Events. */
  Audit,
  /** Make the cluster match the baseline and keep it so; report what cannot be fixed. */
  Enforce
}
