package dev.rempart.core.controls.auditlogging;

import dev.rempart.core.ControlResult;
import dev.rempart.core.Evidence;

/**
 * Clause 4.6 for Rempart's own record: kept a year where nobody can alter it. The operator reads
 * the bucket's Object Lock configuration back when its S3 sink starts and passes it here; without a
 * bucket the record only goes to standard output, whose retention is the log pipeline's.
 */
public final class RecordRetention {
  public static final String CHECK = "recordRetention";

  private RecordRetention() {}

  /**
   * What the record's sink showed at its start.
   *
   * @param bucket null when no S3 sink is configured
   * @param mode the bucket's default retention mode, e.g. {@code COMPLIANCE}
   * @param days the bucket's default retention in days
   */
  public record SinkLock(String bucket, String mode, long days) {}

  public static void check(SinkLock lock, ControlResult.Builder out) {
    if (lock == null || lock.bucket() == null) {
      out.evidence(
          evidence(
              Evidence.Status.NOT_VERIFIABLE,
              "Rempart's record goes to standard output only: how long it is kept, and whether it"
                  + " can be altered, is the log pipeline's. Configure the record's S3 bucket"
                  + " (Object Lock in COMPLIANCE mode, at least "
                  + ApiServerAuditRetention.MINIMUM_DAYS
                  + " days) to evidence it."));
      return;
    }
    boolean kept =
        "COMPLIANCE".equals(lock.mode()) && lock.days() >= ApiServerAuditRetention.MINIMUM_DAYS;
    out.evidence(
        evidence(
            kept ? Evidence.Status.COMPLIANT : Evidence.Status.NON_COMPLIANT,
            "Rempart's record is written to bucket "
                + lock.bucket()
                + ", whose Object Lock default retention is "
                + lock.mode()
                + " for "
                + lock.days()
                + " days (read back from the bucket when the record's sink started)"
                + (kept
                    ? "."
                    : ": COMPLIANCE for at least "
                        + ApiServerAuditRetention.MINIMUM_DAYS
                        + " days is required.")));
  }

  private static Evidence evidence(Evidence.Status status, String reason) {
    return new Evidence(
        ApiServerAuditRetention.CONTROL,
        CHECK,
        ApiServerAuditRetention.CLAUSE,
        status,
        null,
        reason);
  }
}
