package dev.rempart.core.controls.auditlogging;

import dev.rempart.core.ControlResult;
import dev.rempart.core.Evidence;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import dev.rempart.core.controls.KubeApiServerFlags;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * Clause 4.6 for the API server's own audit log: kept at least a year. Seen, like Secrets
 * encryption, only through the flags of an API server that runs as a static pod in kube-system:
 *
 * <ul>
 *   <li>no {@code --audit-policy-file}: the API server records no audit event (non-compliant);
 *   <li>{@code --audit-webhook-config-file}: events go to a webhook whose backend keeps them;
 *       compliant, the backend's retention to be kept as evidence;
 *   <li>{@code --audit-log-path} and {@code --audit-log-maxage} of at least 365 days, no {@code
 *       --audit-log-maxbackup} that could delete files sooner: compliant; a shorter maxage:
 *       non-compliant; no maxage, a maxbackup, or the log on standard output ({@code -}): the
 *       retention depends on what the flags do not show, so not verifiable;
 *   <li>no audit backend at all: non-compliant;
 *   <li>no API server pod visible (a managed control plane): not verifiable, never a pass.
 * </ul>
 *
 * The {@code apiServerAuditRetention} check of the {@link AuditLoggingControl}.
 */
public final class ApiServerAuditRetention {
  public static final String CONTROL = "auditLogging";
  public static final String CLAUSE = "4.6";
  public static final String CHECK = "apiServerAuditRetention";
  public static final int MINIMUM_DAYS = 365;

  static final String POLICY = "--audit-policy-file";
  static final String LOG_PATH = "--audit-log-path";
  static final String MAX_AGE = "--audit-log-maxage";
  static final String MAX_BACKUP = "--audit-log-maxbackup";
  static final String WEBHOOK = "--audit-webhook-config-file";

  private ApiServerAuditRetention() {}

  /** Adds evidence (and findings) for every API server among {@code kubeSystemPods}. */
  public static void check(List<Pod> kubeSystemPods, ControlResult.Builder out) {
    List<Pod> apiServers = kubeSystemPods.stream().filter(KubeApiServerFlags::isApiServer).toList();
    if (apiServers.isEmpty()) {
      out.evidence(
          evidence(
              Evidence.Status.NOT_VERIFIABLE,
              null,
              "No kube-apiserver pod (label component: kube-apiserver) is visible in kube-system:"
                  + " the control plane is managed or hidden, so its audit log retention cannot be"
                  + " seen through the Kubernetes API. Keep the provider's setting as evidence (EKS:"
                  + " the CloudWatch log group of the audit log; GKE: Cloud Audit Logs' retention;"
                  + " AKS: the diagnostic setting's destination), at least 365 days."));
      return;
    }
    for (Pod pod : apiServers) {
      checkOne(pod, out);
    }
  }

  private static void checkOne(Pod pod, ControlResult.Builder out) {
    ResourceRef ref = ResourceRef.of(pod);
    if (KubeApiServerFlags.value(pod, POLICY).isEmpty()) {
      nonCompliant(
          out,
          ref,
          "kube-apiserver runs without " + POLICY + ": it records no audit event.",
          "Write an audit Policy (at least Metadata level for every request), pass it with "
              + POLICY
              + " and a backend ("
              + LOG_PATH
              + " with "
              + MAX_AGE
              + "="
              + MINIMUM_DAYS
              + ", or "
              + WEBHOOK
              + ") in the static pod manifest on every control-plane node.");
      return;
    }
    Optional<String> webhook = KubeApiServerFlags.value(pod, WEBHOOK);
    if (webhook.isPresent()) {
      out.evidence(
          evidence(
              Evidence.Status.COMPLIANT,
              ref,
              "kube-apiserver sends audit events to the webhook configured in "
                  + webhook.get()
                  + ": keep its backend's retention (at least "
                  + MINIMUM_DAYS
                  + " days) as evidence."));
      return;
    }
    Optional<String> path = KubeApiServerFlags.value(pod, LOG_PATH);
    if (path.isEmpty()) {
      nonCompliant(
          out,
          ref,
          "kube-apiserver has an audit policy but no backend ("
              + LOG_PATH
              + " or "
              + WEBHOOK
              + "): audit events are not kept.",
          "Pass " + LOG_PATH + " with " + MAX_AGE + "=" + MINIMUM_DAYS + ", or " + WEBHOOK + ".");
      return;
    }
    if (path.get().equals("-")) {
      out.evidence(
          evidence(
              Evidence.Status.NOT_VERIFIABLE,
              ref,
              "kube-apiserver writes audit events to standard output ("
                  + LOG_PATH
                  + "=-): their retention is the log pipeline's, which the API does not show; keep"
                  + " it (at least "
                  + MINIMUM_DAYS
                  + " days) as evidence."));
      return;
    }
    retention(pod, ref, path.get(), out);
  }

  private static void retention(Pod pod, ResourceRef ref, String path, ControlResult.Builder out) {
    Optional<String> maxAge = KubeApiServerFlags.value(pod, MAX_AGE);
    Optional<String> maxBackup = KubeApiServerFlags.value(pod, MAX_BACKUP);
    // Absent flags mean 0, which kube-apiserver reads as "no limit".
    Integer age = maxAge.isPresent() ? number(maxAge.get()) : Integer.valueOf(0);
    Integer backups = maxBackup.isPresent() ? number(maxBackup.get()) : Integer.valueOf(0);
    if (age == null || backups == null) {
      out.evidence(
          evidence(
              Evidence.Status.NOT_VERIFIABLE,
              ref,
              "kube-apiserver's "
                  + (age == null
                      ? MAX_AGE + "=" + maxAge.get()
                      : MAX_BACKUP + "=" + maxBackup.get())
                  + " is not a number of days or files."));
      return;
    }
    if (age > 0 && age < MINIMUM_DAYS) {
      nonCompliant(
          out,
          ref,
          "kube-apiserver deletes audit log files ("
              + path
              + ") after "
              + age
              + " days ("
              + MAX_AGE
              + "="
              + age
              + "): less than "
              + MINIMUM_DAYS
              + ".",
          "Set "
              + MAX_AGE
              + "="
              + MINIMUM_DAYS
              + " (or ship the log to storage that keeps it a year).");
      return;
    }
    if (age == 0) {
      out.evidence(
          evidence(
              Evidence.Status.NOT_VERIFIABLE,
              ref,
              "kube-apiserver writes its audit log to "
                  + path
                  + " without "
                  + MAX_AGE
                  + ": how long the files stay depends on "
                  + (backups > 0
                      ? MAX_BACKUP + "=" + backups + " and the log's volume"
                      : "the node")
                  + ". Set "
                  + MAX_AGE
                  + "="
                  + MINIMUM_DAYS
                  + " to make the retention explicit."));
      return;
    }
    if (backups > 0) {
      out.evidence(
          evidence(
              Evidence.Status.NOT_VERIFIABLE,
              ref,
              "kube-apiserver keeps its audit log "
                  + age
                  + " days but at most "
                  + backups
                  + " old files ("
                  + MAX_BACKUP
                  + "): with enough traffic files go sooner than "
                  + MINIMUM_DAYS
                  + " days. Remove "
                  + MAX_BACKUP
                  + " or ship the log elsewhere."));
      return;
    }
    out.evidence(
        evidence(
            Evidence.Status.COMPLIANT,
            ref,
            "kube-apiserver keeps its audit log ("
                + path
                + ") "
                + age
                + " days ("
                + MAX_AGE
                + "="
                + age
                + "), with no limit on the number of files."));
  }

  /** A non-negative integer, or null. */
  private static Integer number(String value) {
    try {
      int n = Integer.parseInt(value);
      return n < 0 ? null : n;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void nonCompliant(
      ControlResult.Builder out, ResourceRef ref, String reason, String fix) {
    out.evidence(evidence(Evidence.Status.NON_COMPLIANT, ref, reason));
    out.finding(
        Finding.of(
            CONTROL,
            CHECK,
            CLAUSE,
            Severity.HIGH,
            ref,
            "The API server " + ref.namespace() + "/" + ref.name() + ": " + reason + " " + fix));
  }

  private static Evidence evidence(Evidence.Status status, ResourceRef ref, String reason) {
    return new Evidence(CONTROL, CHECK, CLAUSE, status, ref, reason);
  }
}
