package dev.rempart.cli.input;

import dev.rempart.core.LabelSelectors;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The namespaces an offline audit must invent. Manifests in a repository rarely contain their
 * Namespace objects, yet every namespaced object they hold is meant to be audited; so each
 * namespace that objects are placed in, but whose Namespace is not in the input, is synthesised
 * with labels that the baseline's selector matches: it is governed unless the baseline excludes it
 * by name. A Namespace present in the input is left alone, and the selector decides as in a
 * cluster.
 */
public final class ImpliedNamespaces {
  /** Marks a synthesised namespace, with the first object placed in it as the value. */
  public static final String IMPLIED_BY_ANNOTATION = "rempart.dev/implied-by";

  /** The label the API server puts on every Namespace; controls may select by it. */
  static final String NAME_LABEL = "kubernetes.io/metadata.name";

  private final Set<String> declared = new HashSet<>();
  private final Map<String, Location> referenced = new TreeMap<>();

  /** A Namespace object of that name is in the input. */
  public void declared(String name) {
    declared.add(name);
  }

  /** An object of the input is in that namespace; the first place it was seen is kept. */
  public void referenced(String namespace, Location where) {
    referenced.putIfAbsent(namespace, where);
  }

  /** The namespaces referenced and not declared, in name order, with where each was first seen. */
  public Map<String, Location> missing() {
    Map<String, Location> missing = new LinkedHashMap<>();
    referenced.forEach(
        (ns, where) -> {
          if (!declared.contains(ns)) {
            missing.put(ns, where);
          }
        });
    return missing;
  }

  /** Namespace objects for the missing namespaces, labelled so that {@code selector} matches. */
  public List<Namespace> synthesise(LabelSelector selector) {
    List<Namespace> namespaces = new ArrayList<>();
    missing()
        .forEach(
            (name, where) -> {
              Map<String, String> labels = new TreeMap<>(labelsMatching(selector));
              labels.put(NAME_LABEL, name);
              namespaces.add(
                  new NamespaceBuilder()
                      .withNewMetadata()
                      .withName(name)
                      .withLabels(labels)
                      .withAnnotations(Map.of(IMPLIED_BY_ANNOTATION, where.toString()))
                      .endMetadata()
                      .build());
            });
    return namespaces;
  }

  /** True when the namespace was synthesised by this class. */
  public static boolean isImplied(Namespace namespace) {
    Map<String, String> annotations = namespace.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(IMPLIED_BY_ANNOTATION);
  }

  /**
   * Labels that the selector matches, when some do: {@code matchLabels} as they are, {@code In} its
   * first value that no {@code NotIn} excludes, {@code Exists} any value. {@code NotIn} and {@code
   * DoesNotExist} are met by leaving the key out. A selector that contradicts itself gets the best
   * attempt, which it does not match: such a namespace is then not governed, as in a cluster.
   */
  static Map<String, String> labelsMatching(LabelSelector selector) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (selector == null) {
      return labels;
    }
    if (selector.getMatchLabels() != null) {
      labels.putAll(selector.getMatchLabels());
    }
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    for (LabelSelectorRequirement r : expressions) {
      if (labels.containsKey(r.getKey())) {
        continue;
      }
      switch (r.getOperator()) {
        case "In" -> firstAllowed(r, expressions).ifPresent(v -> labels.put(r.getKey(), v));
        case "Exists" -> labels.put(r.getKey(), "true");
        default -> {
          // NotIn and DoesNotExist hold when the key is absent.
        }
      }
    }
    return labels;
  }

  /** True when the labels {@link #labelsMatching} chose are matched by the selector. */
  static boolean satisfiable(LabelSelector selector) {
    return LabelSelectors.matches(selector, labelsMatching(selector));
  }

  private static java.util.Optional<String> firstAllowed(
      LabelSelectorRequirement in, List<LabelSelectorRequirement> all) {
    Set<String> excluded = new HashSet<>();
    for (LabelSelectorRequirement r : all) {
      if (r.getKey().equals(in.getKey()) && "NotIn".equals(r.getOperator())) {
        excluded.addAll(r.getValues() == null ? List.of() : r.getValues());
      }
    }
    List<String> values = in.getValues() == null ? List.of() : in.getValues();
    return values.stream().filter(v -> !excluded.contains(v)).findFirst();
  }
}
