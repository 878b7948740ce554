package dev.rempart.core.exceptions;

import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.BaselineExceptionSpec;
import dev.rempart.api.v1alpha1.ExceptedControl;
import dev.rempart.api.v1alpha1.ExceptedResource;
import dev.rempart.core.LabelSelectors;
import dev.rempart.core.ResourceRef;
import java.util.List;
import java.util.Map;

/**
 * What one exception covers. Its scopes narrow each other: the control (and check), then the
 * namespace (when it names namespaces or selects them), then the object (when it lists resources).
 */
record ExceptionScope(String name, BaselineExceptionSpec spec) {

  static ExceptionScope of(BaselineException exception) {
    return new ExceptionScope(exception.getMetadata().getName(), exception.getSpec());
  }

  /**
   * True when the exception covers a finding, or an object, of the given control.
   *
   * @param check the finding's check, or null for an object a control writes: only an exception
   *     that covers every check of the control covers it directly
   * @param namespaceLabels the labels of every namespace known, by name
   */
  boolean covers(
      String control,
      String check,
      ResourceRef resource,
      Map<String, Map<String, String>> namespaceLabels) {
    return coversControl(control, check)
        && coversNamespace(namespaceOf(resource), namespaceLabels)
        && coversResource(resource);
  }

  private boolean coversControl(String control, String check) {
    for (ExceptedControl c : list(spec.getControls())) {
      if (control.equals(c.getControl())
          && (c.coversEveryCheck() || (check != null && c.getChecks().contains(check)))) {
        return true;
      }
    }
    return false;
  }

  private boolean coversNamespace(String namespace, Map<String, Map<String, String>> labels) {
    if (spec.getNamespaces() != null) {
      return namespace != null && spec.getNamespaces().contains(namespace);
    }
    if (spec.getNamespaceSelector() != null) {
      return namespace != null
          && labels.containsKey(namespace)
          && LabelSelectors.matches(
              spec.getNamespaceSelector().toLabelSelector(), labels.get(namespace));
    }
    return true;
  }

  private boolean coversResource(ResourceRef resource) {
    List<ExceptedResource> resources = list(spec.getResources());
    return resources.isEmpty()
        || resources.stream().anyMatch(r -> r.matches(resource.kind(), resource.name()));
  }

  /** The namespace an object is in; for a Namespace, itself; null when cluster-scoped. */
  static String namespaceOf(ResourceRef resource) {
    if (resource.namespace() != null) {
      return resource.namespace();
    }
    return "Namespace".equals(resource.kind()) ? resource.name() : null;
  }

  private static <T> List<T> list(List<T> maybe) {
    return maybe == null ? List.of() : maybe;
  }
}
