package dev.rempart.core.admission;

import dev.rempart.api.v1alpha1.BaselineExceptionSpec;
import dev.rempart.api.v1alpha1.ExceptedControl;
import dev.rempart.api.v1alpha1.ExceptedResource;
import dev.rempart.core.LabelSelectors;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The live BaselineExceptions as CEL: for a check, the condition under which a request is exempt.
 * It narrows as {@code ExceptionScope} does: the control (and check), then the namespace, then the
 * object's kind and name. A namespace selector is resolved, when the policy is generated, to the
 * namespaces it selects; a label change regenerates the policy.
 */
final class Exemptions {
  private final Map<String, BaselineExceptionSpec> live;
  private final Function<String, Map<String, String>> namespaceLabels;
  private final Collection<String> namespaces;

  /**
   * @param live the specs of the exceptions in force, by name
   * @param namespaceLabels the labels of a namespace by name (null when unknown)
   * @param namespaces every namespace known
   */
  Exemptions(
      Map<String, BaselineExceptionSpec> live,
      Function<String, Map<String, String>> namespaceLabels,
      Collection<String> namespaces) {
    this.live = live;
    this.namespaceLabels = namespaceLabels;
    this.namespaces = namespaces;
  }

  /** When a request is exempt from the check; "false" when no exception covers it. */
  String forCheck(String control, String check) {
    List<String> terms = new ArrayList<>();
    for (BaselineExceptionSpec spec : live.values()) {
      if (coversCheck(spec, control, check)) {
        terms.add(scope(spec));
      }
    }
    return Cel.or(terms);
  }

  /**
   * When an edit of a managed object is exempt from the protection: an exception that covers every
   * check of the control that made it (its {@code rempart.dev/control} label) also covers the
   * object, as it does for the operator.
   */
  String forManagedObject(String controlOfObject) {
    List<String> terms = new ArrayList<>();
    for (BaselineExceptionSpec spec : live.values()) {
      Set<String> controls = new TreeSet<>();
      for (ExceptedControl c : list(spec.getControls())) {
        if (c.coversEveryCheck()) {
          controls.add(c.getControl());
        }
      }
      if (!controls.isEmpty()) {
        terms.add(Cel.in(controlOfObject, controls) + " && " + scope(spec));
      }
    }
    return Cel.or(terms);
  }

  private static boolean coversCheck(BaselineExceptionSpec spec, String control, String check) {
    return list(spec.getControls()).stream()
        .anyMatch(
            c ->
                control.equals(c.getControl())
                    && (c.coversEveryCheck() || c.getChecks().contains(check)));
  }

  private String scope(BaselineExceptionSpec spec) {
    return namespaceCondition(spec) + " && " + resourceCondition(spec);
  }

  private String namespaceCondition(BaselineExceptionSpec spec) {
    if (spec.getNamespaces() != null) {
      return Cel.in("request.namespace", spec.getNamespaces());
    }
    if (spec.getNamespaceSelector() != null) {
      Set<String> selected = new TreeSet<>();
      for (String ns : namespaces) {
        Map<String, String> labels = namespaceLabels.apply(ns);
        if (labels != null
            && LabelSelectors.matches(spec.getNamespaceSelector().toLabelSelector(), labels)) {
          selected.add(ns);
        }
      }
      return Cel.in("request.namespace", selected);
    }
    return "true";
  }

  /** The request's kind and name against the listed resources ({@code name*} is a prefix). */
  private static String resourceCondition(BaselineExceptionSpec spec) {
    List<ExceptedResource> resources = list(spec.getResources());
    if (resources.isEmpty()) {
      return "true";
    }
    List<String> terms = new ArrayList<>();
    for (ExceptedResource r : resources) {
      String name = r.getName();
      String nameTerm =
          name.equals("*")
              ? "true"
              : name.endsWith("*")
                  ? "request.name.startsWith("
                      + Cel.quote(name.substring(0, name.length() - 1))
                      + ")"
                  : "request.name == " + Cel.quote(name);
      terms.add("request.kind.kind == " + Cel.quote(r.getKind()) + " && " + nameTerm);
    }
    return "(" + Cel.or(terms) + ")";
  }

  private static <T> List<T> list(List<T> maybe) {
    return maybe == null ? List.of() : maybe;
  }
}
