package dev.rempart.core.controls.auditlogging;

import dev.rempart.api.v1alpha1.AuditLoggingSpec;
import dev.rempart.api.v1alpha1.RecordStatus;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import dev.rempart.core.Control;
import dev.rempart.core.ControlContext;
import dev.rempart.core.ControlResult;
import dev.rempart.core.Evidence;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * Clause 4.6 (logs protected from tampering and kept at least a year), for the cluster as a whole:
 * the API server's audit log ({@link ApiServerAuditRetention}) and Rempart's own record ({@link
 * RecordRetention}). It only reports.
 *
 * <p>The record's retention is what the operator read back from its bucket and published in the
 * baseline's {@code status.record}: the core never reaches the bucket. A baseline with no such
 * status (read from files, or no operator has recorded yet) makes that check not verifiable.
 */
public final class AuditLoggingControl implements Control {
  public static final String KUBE_SYSTEM = "kube-system";

  @Override
  public String name() {
    return ApiServerAuditRetention.CONTROL;
  }

  @Override
  public String clauses() {
    return ApiServerAuditRetention.CLAUSE;
  }

  @Override
  public Optional<AuditLoggingSpec> section(SecurityBaselineSpec spec) {
    return Optional.ofNullable(spec.getAuditLogging());
  }

  @Override
  public List<Class<? extends HasMetadata>> inputs() {
    return List.of(Pod.class);
  }

  @Override
  public List<Class<? extends HasMetadata>> ownedTypes() {
    return List.of();
  }

  @Override
  public void evaluateCluster(ControlContext context, ControlResult.Builder out) {
    ApiServerAuditRetention.check(context.snapshot().inNamespace(Pod.class, KUBE_SYSTEM), out);
    RecordStatus published = recordStatus(context.baseline());
    if (published == null || published.getSinks() == null) {
      out.evidence(
          new Evidence(
              ApiServerAuditRetention.CONTROL,
              RecordRetention.CHECK,
              ApiServerAuditRetention.CLAUSE,
              Evidence.Status.NOT_VERIFIABLE,
              null,
              "No Rempart operator has published where its record is kept in this baseline's"
                  + " status (status.record.sinks): the record's retention cannot be shown."));
      return;
    }
    RecordRetention.check(
        published.getBucket() == null
            ? null
            : new RecordRetention.SinkLock(
                published.getBucket(),
                published.getRetentionMode(),
                published.getRetentionDays() == null ? 0 : published.getRetentionDays()),
        out);
  }

  /** Nothing per namespace: audit logging is a property of the control plane and of Rempart. */
  @Override
  public void evaluateNamespace(ControlContext context, Namespace ns, ControlResult.Builder out) {}

  private static RecordStatus recordStatus(SecurityBaseline baseline) {
    return baseline.getStatus() == null ? null : baseline.getStatus().getRecord();
  }
}
