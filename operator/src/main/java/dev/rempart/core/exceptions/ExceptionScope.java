package dev.rempart.core.exceptions;

import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.BaselineExceptionSpec;
import dev.rempart.api.v1alpha1.ExceptedControl;
import dev.rempart.api.v1alpha1.ExceptedResource;
import dev.rempart.core.LabelSelectors;
import dev.rempart.core.ResourceRef;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

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
      Function<String, Map<String, String>> namespaceLabels) {
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

  private boolean coversNamespace(String namespace, Function<String, Map<String, String>> labels) {
    if (spec.getNamespaces() != null) {
      return namespace != null && spec.getNamespaces().contains(namespace);
    }
    if (spec.getNamespaceSelector() != null) {
      if (namespace == null) {
        return false;
      }
      Map<String, String> nsLabels = labels.apply(namespace);
      return nsLabels != null
          && LabelSelectors.matches(spec.getNamespaceSelector().toLabelSelector(), nsLabels);
    }
    return true;
  }

  /**
   * The namespaces among {@code known} whose objects this exception can cover, or empty when it
   * names and selects none (it then covers objects in any namespace).
   */
  Optional<Set<String>> namespaces(
      Function<String, Map<String, String>> labels, Collection<String> known) {
    if (spec.getNamespaces() != null) {
      return Optional.of(Set.copyOf(spec.getNamespaces()));
    }
    if (spec.getNamespaceSelector() != null) {
      Set<String> selected = new HashSet<>();
      for (String namespace : known) {
        if (coversNamespace(namespace, labels)) {
          selected.add(namespace);
        }
      }
      return Optional.of(selected);
    }
    return Optional.empty();
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
