package dev.rempart.core.controls.podsecurity;

import dev.rempart.core.Severity;

/**
 * How a pod spec breaks one check.
 *
 * @param reason the short reason, as the Pod Security Admission states it ({@code host namespaces})
 * @param detail what exactly is at fault: containers, fields, values
 * @param severity how bad this fault is (a check may rate faults differently)
 * @param fix what a person changes to pass the check
 */
record Violation(String reason, String detail, Severity severity, String fix) {

  /** The reason and its detail, as the Pod Security Admission prints them. */
  String describe() {
    return detail.isEmpty() ? reason : reason + " (" + detail + ")";
  }
}
