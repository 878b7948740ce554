package dev.rempart.core.admission;

import dev.rempart.api.v1alpha1.EnvironmentsSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The environments control's {@code nodePinning} check in CEL, saying what {@code
 * NodePinning.unpinned} says: a pod spec is pinned to a label when its nodeSelector has it, or when
 * its required node affinity has at least one term and every term (they are alternatives) requires
 * the label by an {@code In} expression whose values are all that label's value. The namespace's
 * environment comes from {@code namespaceObject}; the labels each environment requires are compiled
 * in by value.
 *
 * <p>An object with a controller (an owner reference marked {@code controller: true}) passes: the
 * core reports the object a person changes, the Deployment rather than its ReplicaSets and Pods,
 * and a refusal of a controller's write would go to the controller (a custom operator, the kubelet
 * creating a static pod's mirror), not to a person. The cluster's own controllers are not submitted
 * to the policies at all (their match conditions). The operator still reports a controlled object
 * whose controller it cannot see.
 */
final class NodePinningCel {
  private NodePinningCel() {}

  /** Where a kind keeps its pod spec: the fields down to it, from {@code object}. */
  enum PodSpecPath {
    POD("spec"),
    TEMPLATE("spec", "template", "spec"),
    CRON_JOB("spec", "jobTemplate", "spec", "template", "spec");

    private final List<String> fields;

    PodSpecPath(String... fields) {
      this.fields = List.of(fields);
    }

    /** {@code object.spec.template.spec}. */
    String path() {
      return "object." + String.join(".", fields);
    }

    /** Each field present, outermost first, so that no selection fails. */
    String present() {
      List<String> terms = new ArrayList<>();
      StringBuilder path = new StringBuilder("object");
      for (String field : fields) {
        path.append('.').append(field);
        terms.add("has(" + path + ")");
      }
      return String.join(" && ", terms);
    }
  }

  /** The required node affinity's terms at the pod spec {@code p}, or none. */
  private static final String AFFINITY =
      "p.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution";

  private static final String TERMS =
      "(has(p.affinity) && has(p.affinity.nodeAffinity) && has("
          + AFFINITY
          + ") && has("
          + AFFINITY
          + ".nodeSelectorTerms) ? "
          + AFFINITY
          + ".nodeSelectorTerms : [])";

  /** True when the written object passes; empty when no allowed environment has node labels. */
  static Optional<String> passes(PolicyInputs in, PodSpecPath where) {
    EnvironmentsSpec spec = in.spec().getEnvironments();
    if (spec == null) {
      return Optional.empty();
    }
    List<String> perEnvironment = new ArrayList<>();
    // The core judges pinning only in a namespace of an allowed environment.
    for (String environment : spec.effectiveAllowed()) {
      Map<String, String> required = spec.nodeSelectorFor(environment);
      if (required.isEmpty()) {
        continue;
      }
      List<String> pins = new ArrayList<>();
      required.forEach((key, value) -> pins.add(pinned(key, value)));
      perEnvironment.add(
          "env != " + Cel.quote(environment) + " || (" + String.join(" && ", pins) + ")");
    }
    if (perEnvironment.isEmpty()) {
      return Optional.empty();
    }
    String label = Cel.quote(in.spec().effectiveEnvironmentLabel());
    String labels = "namespaceObject.metadata.labels";
    // One-element lists bind the pod spec to p, its affinity terms to ts and the namespace's
    // environment to env: each is written once, not once per label (the API server refuses an
    // expression longer than 100,000 characters).
    return Optional.of(
        "!(namespaceObject != null && has("
            + labels
            + ") && "
            + label
            + " in "
            + labels
            + ")"
            + " || (has(object.metadata.ownerReferences) &&"
            + " object.metadata.ownerReferences.exists(o, has(o.controller) && o.controller))"
            + " || !("
            + where.present()
            + ") || ["
            + where.path()
            + "].all(p, ["
            + TERMS
            + "].all(ts, ["
            + labels
            + "["
            + label
            + "]].all(env, "
            + perEnvironment.stream().map(t -> "(" + t + ")").collect(Collectors.joining(" && "))
            + ")))");
  }

  /** The pod spec p, whose required affinity terms are ts, pins the node label key=value. */
  static String pinned(String key, String value) {
    String k = Cel.quote(key);
    String v = Cel.quote(value);
    return "((has(p.nodeSelector) && "
        + k
        + " in p.nodeSelector && p.nodeSelector["
        + k
        + "] == "
        + v
        + ") || (size(ts) > 0 && ts.all(t, has(t.matchExpressions) && t.matchExpressions.exists(e,"
        + " e.key == "
        + k
        + " && e.operator == 'In' && has(e.values) && size(e.values) > 0"
        + " && e.values.all(x, x == "
        + v
        + ")))))";
  }
}
