package dev.rempart.cli.input;

/**
 * How an offline audit places and filters what it reads.
 *
 * @param defaultNamespace where a namespaced object without a namespace lands ({@code --namespace};
 *     {@code default}, as with {@code kubectl apply}, when not given)
 * @param allNamespaces true to govern every namespace of the input whatever its Namespace object's
 *     labels ({@code --all-namespaces}); exclusions by name still hold
 * @param includeHelmTests true to audit Helm test hooks, which are skipped by default: they run
 *     only under {@code helm test}, not with the release
 */
public record InputOptions(
    String defaultNamespace, boolean allNamespaces, boolean includeHelmTests) {
  /** Where {@code kubectl apply} places an object without a namespace. */
  public static final String KUBECTL_DEFAULT_NAMESPACE = "default";

  /** As {@code kubectl apply} would: objects without a namespace in {@code default}. */
  public static InputOptions defaults() {
    return new InputOptions(KUBECTL_DEFAULT_NAMESPACE, false, false);
  }
}
