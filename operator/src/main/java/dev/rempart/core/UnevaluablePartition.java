package dev.rempart.core;

import dev.rempart.api.v1alpha1.SecurityBaseline;

/**
 * A control that failed on one partition: an object of a shape it did not expect (a field empty
 * that the API server always fills, a value the typed model reads as null). The failure costs that
 * control in that partition only: it becomes a finding naming both and what went wrong, and the
 * other controls and partitions are evaluated as usual. The control's objects in the partition are
 * kept as they are (not removed as orphans): what it would want there is unknown.
 */
final class UnevaluablePartition {
  static final String CHECK = "unevaluable";

  private UnevaluablePartition() {}

  static Finding finding(
      SecurityBaseline baseline, Control control, Partition partition, RuntimeException failure) {
    ResourceRef where =
        partition.isCluster()
            ? new ResourceRef(
                baseline.getApiVersion(),
                baseline.getKind(),
                null,
                baseline.getMetadata().getName())
            : ResourceRef.namespace(partition.namespace());
    String scope =
        partition.isCluster() ? "the cluster-wide objects" : "namespace " + partition.namespace();
    return Finding.of(
        control.name(),
        CHECK,
        control.clauses(),
        Severity.HIGH,
        where,
        "The "
            + control.name()
            + " control could not evaluate "
            + scope
            + ": an object there has a shape it does not handle ("
            + describe(failure)
            + "). What this control checks there is unknown; the rest of the baseline was"
            + " evaluated. Please report it to Rempart with the objects of "
            + scope
            + ".");
  }

  static String describe(RuntimeException failure) {
    String message = failure.getMessage();
    String first =
        message == null || message.isBlank() ? "" : ": " + message.lines().findFirst().orElse("");
    return failure.getClass().getSimpleName() + first;
  }
}
