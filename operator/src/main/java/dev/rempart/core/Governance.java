package dev.rempart.core;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import io.fabric8.kubernetes.api.model.Namespace;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Which namespaces a baseline governs: those its selector matches, minus its exclusions, minus
 * those where an older baseline also matches (a conflict, reported on both).
 *
 * @param governed the namespaces where this baseline acts, by name
 * @param conflicts every namespace another baseline also selects
 */
public record Governance(List<Namespace> governed, List<Conflict> conflicts) {

  /** Orders baselines by age: the older one wins a conflict; names break ties. */
  static final Comparator<SecurityBaseline> SENIORITY =
      Comparator.comparing((SecurityBaseline b) -> creation(b))
          .thenComparing(b -> b.getMetadata().getName());

  public static Governance resolve(
      SecurityBaseline baseline, List<Namespace> namespaces, List<SecurityBaseline> all) {
    List<SecurityBaseline> others = others(baseline, all);
    List<Namespace> governed = new ArrayList<>();
    List<Conflict> conflicts = new ArrayList<>();
    for (Namespace ns : namespaces) {
      Standing standing = standing(baseline, ns, others);
      conflicts.addAll(standing.conflicts());
      if (standing.governed()) {
        governed.add(ns);
      }
    }
    return of(governed, conflicts);
  }

  /** A governance from namespaces in any order: sorted by name, conflicts by namespace. */
  public static Governance of(List<Namespace> governed, List<Conflict> conflicts) {
    List<Namespace> sortedGoverned = new ArrayList<>(governed);
    sortedGoverned.sort(Comparator.comparing(n -> n.getMetadata().getName()));
    List<Conflict> sortedConflicts = new ArrayList<>(conflicts);
    sortedConflicts.sort(
        Comparator.comparing(Conflict::namespace).thenComparing(Conflict::otherBaseline));
    return new Governance(List.copyOf(sortedGoverned), List.copyOf(sortedConflicts));
  }

  /** The other live baselines that can conflict with this one. */
  public static List<SecurityBaseline> others(
      SecurityBaseline baseline, List<SecurityBaseline> all) {
    return all.stream()
        .filter(b -> !Objects.equals(b.getMetadata().getName(), baseline.getMetadata().getName()))
        .filter(b -> b.getMetadata().getDeletionTimestamp() == null)
        .filter(b -> b.getSpec() != null && b.getSpec().getNamespaceSelector() != null)
        .toList();
  }

  /**
   * Where one namespace stands for a baseline.
   *
   * @param governed true when the baseline acts there
   * @param conflicts the other baselines that also select it
   */
  public record Standing(boolean governed, List<Conflict> conflicts) {
    static final Standing OUTSIDE = new Standing(false, List.of());
  }

  /** Whether the baseline acts on the namespace, and which other baselines select it too. */
  public static Standing standing(
      SecurityBaseline baseline, Namespace ns, List<SecurityBaseline> others) {
    if (!selects(baseline.getSpec(), ns)) {
      return Standing.OUTSIDE;
    }
    boolean acts = true;
    List<Conflict> conflicts = new ArrayList<>();
    for (SecurityBaseline other : others) {
      if (selects(other.getSpec(), ns)) {
        boolean thisIsOlder = SENIORITY.compare(baseline, other) < 0;
        conflicts.add(
            new Conflict(ns.getMetadata().getName(), other.getMetadata().getName(), thisIsOlder));
        acts &= thisIsOlder;
      }
    }
    return new Standing(acts, List.copyOf(conflicts));
  }

  /** True when the spec's selector matches the namespace and does not exclude it. */
  public static boolean selects(SecurityBaselineSpec spec, Namespace ns) {
    String name = ns.getMetadata().getName();
    return !spec.effectiveExcludedNamespaces().contains(name)
        && ns.getMetadata().getDeletionTimestamp() == null
        && LabelSelectors.matches(
            spec.getNamespaceSelector().toLabelSelector(), ns.getMetadata().getLabels());
  }

  private static Instant creation(SecurityBaseline b) {
    String ts = b.getMetadata().getCreationTimestamp();
    // An object read from a file has no creation time: it ranks after every live one.
    return ts == null ? Instant.MAX : Instant.parse(ts);
  }
}
