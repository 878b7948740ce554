package dev.rempart.core.admission;

import dev.rempart.api.v1alpha1.BaselineExceptionSpec;
import dev.rempart.api.v1alpha1.ExceptedControl;
import dev.rempart.api.v1alpha1.ExceptedResource;
import dev.rempart.api.v1alpha1.NamespaceSelector;
import dev.rempart.api.v1alpha1.SelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The live BaselineExceptions as CEL. Each exception's scope is one variable of the policy ({@code
 * variables.exemption_0}), which the checks it covers refer to by name: an exception is written
 * once however many checks it covers (the API server limits each expression to 100,000 characters).
 * The scope narrows as {@code ExceptionScope} does: the namespace (by name, or by the namespace's
 * labels through {@code namespaceObject}), then the object's kind and name.
 */
final class Exemptions {
  private final List<BaselineExceptionSpec> live;

  /**
   * @param live the specs of the exceptions in force, by name
   */
  Exemptions(Map<String, BaselineExceptionSpec> live) {
    this.live = List.copyOf(live.values());
  }

  /** One variable per live exception: true when the request is within its scope. */
  List<Variable> variables() {
    List<Variable> variables = new ArrayList<>();
    for (int i = 0; i < live.size(); i++) {
      Variable v = new Variable();
      v.setName(name(i));
      v.setExpression(scope(live.get(i)));
      variables.add(v);
    }
    return variables;
  }

  /** When a request is exempt from the check; "false" when no exception covers it. */
  String forCheck(String control, String check) {
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < live.size(); i++) {
      if (coversCheck(live.get(i), control, check)) {
        terms.add("variables." + name(i));
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
    for (int i = 0; i < live.size(); i++) {
      Set<String> controls = new TreeSet<>();
      for (ExceptedControl c : list(live.get(i).getControls())) {
        if (c.coversEveryCheck()) {
          controls.add(c.getControl());
        }
      }
      if (!controls.isEmpty()) {
        terms.add(Cel.in(controlOfObject, controls) + " && variables." + name(i));
      }
    }
    return Cel.or(terms);
  }

  private static String name(int index) {
    return "exemption_" + index;
  }

  private static boolean coversCheck(BaselineExceptionSpec spec, String control, String check) {
    return list(spec.getControls()).stream()
        .anyMatch(
            c ->
                control.equals(c.getControl())
                    && (c.coversEveryCheck() || c.getChecks().contains(check)));
  }

  private static String scope(BaselineExceptionSpec spec) {
    return namespaceCondition(spec) + " && " + resourceCondition(spec);
  }

  private static String namespaceCondition(BaselineExceptionSpec spec) {
    if (spec.getNamespaces() != null) {
      return Cel.in("request.namespace", spec.getNamespaces());
    }
    if (spec.getNamespaceSelector() != null) {
      return "(namespaceObject != null && " + selector(spec.getNamespaceSelector()) + ")";
    }
    return "true";
  }

  /** A label selector over the request's namespace's labels, as LabelSelectors.matches reads it. */
  private static String selector(NamespaceSelector selector) {
    String labels = "namespaceObject.metadata.labels";
    String has = "has(" + labels + ")";
    List<String> terms = new ArrayList<>();
    if (selector.getMatchLabels() != null) {
      selector
          .getMatchLabels()
          .forEach(
              (k, v) ->
                  terms.add(
                      has
                          + " && "
                          + Cel.quote(k)
                          + " in "
                          + labels
                          + " && "
                          + labels
                          + "["
                          + Cel.quote(k)
                          + "] == "
                          + Cel.quote(v)));
    }
    for (SelectorRequirement r : list(selector.getMatchExpressions())) {
      String present = "(" + has + " && " + Cel.quote(r.getKey()) + " in " + labels + ")";
      String value = labels + "[" + Cel.quote(r.getKey()) + "]";
      List<String> values = list(r.getValues());
      terms.add(
          switch (r.getOperator()) {
            case In -> present + " && " + Cel.in(value, values);
            case NotIn -> "!" + present + " || !(" + Cel.in(value, values) + ")";
            case Exists -> present;
            case DoesNotExist -> "!" + present;
          });
    }
    return terms.isEmpty()
        ? "true"
        : terms.stream().map(t -> "(" + t + ")").reduce((a, b) -> a + " && " + b).orElseThrow();
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
