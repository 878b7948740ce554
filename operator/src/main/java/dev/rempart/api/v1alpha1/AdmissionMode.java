package dev.rempart.api.v1alpha1;

/**
 * What the API server does with a write that breaks a check compiled to admission: the
 * ValidatingAdmissionPolicyBinding's validation action.
 */
public enum AdmissionMode {
  /** Admit the write and record the violation in the API server's audit log. */
  Audit,
  /** Admit the write and return a warning to the client (kubectl prints it). */
  Warn,
  /** Refuse the write with the check's message. */
  Deny
}
