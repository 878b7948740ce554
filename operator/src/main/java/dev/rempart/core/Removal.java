package dev.rempart.core;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A request to delete an object that Rempart does NOT own (an expired RoleBinding): unlike an
 * {@link EvaluationResult.Orphan}, which Rempart made itself, this object belongs to someone else,
 * so its removal must leave a trace. The operator carries it out with a server-side dry run first,
 * then deletes it, emits an Event and appends a record that holds {@link #object()} as it was. A
 * control returns a removal only when it runs in Enforce and the baseline asks for removals; in
 * Audit the same condition is only a finding. The finding it answers names the object as its {@link
 * Finding#fixedBy()}, so that once removed the finding counts as remediated.
 *
 * @param control the control that asks for it
 * @param clause the addendum clause that calls for the removal ({@code 9.2})
 * @param ref the object to delete
 * @param reason for a person and for the record: why it goes
 * @param object the object as it was in the snapshot, for a precondition on its resourceVersion (an
 *     object changed since is not deleted blindly) and, when {@code keepContent}, for the record
 * @param keepContent true when the record keeps the object's content (a RoleBinding: who had which
 *     access); false for customer data deleted on purpose (a ConfigMap, a claim), whose record
 *     names the object only: a copy of the data in the log would defeat its deletion, and a
 *     Secret's content is never read at all
 */
public record Removal(
    String control,
    String clause,
    ResourceRef ref,
    String reason,
    HasMetadata object,
    boolean keepContent) {

  /** A removal whose record keeps the object as it was. */
  public static Removal of(String control, String clause, HasMetadata object, String reason) {
    return new Removal(control, clause, ResourceRef.of(object), reason, object, true);
  }

  /** A removal of data: the record names the object, never its content. */
  public static Removal ofData(String control, String clause, HasMetadata object, String reason) {
    return new Removal(control, clause, ResourceRef.of(object), reason, object, false);
  }
}
