package dev.rempart.cli.audit;

import dev.rempart.core.NamespaceScope;
import java.util.List;

/**
 * What an audit covered and what it left out, and why: every namespace of the input with whether it
 * is governed, plus the objects skipped before evaluation. So a run that audited nothing says so.
 *
 * @param namespaces every namespace objects are placed in or a Namespace object declares, by name
 * @param helmTests Helm test hooks skipped ({@code --include-helm-tests} audits them)
 * @param allNamespaces true when {@code --all-namespaces} was given
 */
public record Coverage(List<NamespaceAudit> namespaces, long helmTests, boolean allNamespaces) {
  public Coverage {
    namespaces = List.copyOf(namespaces);
  }

  /**
   * One namespace as the audit saw it.
   *
   * @param name the namespace
   * @param scope governed, or why not
   * @param objects the objects of the input placed in it
   * @param implied true when the input has no Namespace object for it (it was synthesised)
   * @param widened true when only {@code --all-namespaces} made it governed
   */
  public record NamespaceAudit(
      String name, NamespaceScope scope, long objects, boolean implied, boolean widened) {}

  /** The namespaces the baseline does not govern: their objects were not audited. */
  public List<NamespaceAudit> notGoverned() {
    return namespaces.stream().filter(n -> !n.scope().governed()).toList();
  }

  /** How many objects of the input sit in namespaces the baseline does not govern. */
  public long objectsNotAudited() {
    return notGoverned().stream().mapToLong(NamespaceAudit::objects).sum();
  }
}
