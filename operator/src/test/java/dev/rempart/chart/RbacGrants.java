package dev.rempart.chart;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * RBAC rules flattened to one "group/resource:verb" string per permission ("" is the core group:
 * "/pods:get"), so that a whole role can be compared with an exact expected set.
 */
public final class RbacGrants {
  private RbacGrants() {}

  /** Every permission the rules grant. */
  public static Set<String> of(Collection<PolicyRule> rules) {
    Set<String> grants = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : orEmpty(rule.getApiGroups())) {
        for (String resource : orEmpty(rule.getResources())) {
          for (String verb : orEmpty(rule.getVerbs())) {
            grants.add(group + "/" + resource + ":" + verb);
          }
        }
      }
      for (String url : orEmpty(rule.getNonResourceURLs())) {
        for (String verb : orEmpty(rule.getVerbs())) {
          grants.add("url:" + url + ":" + verb);
        }
      }
    }
    return grants;
  }

  /** The permissions of the given verbs on each of the resources of one group. */
  public static Set<String> grants(String group, List<String> resources, List<String> verbs) {
    Set<String> grants = new TreeSet<>();
    for (String resource : resources) {
      for (String verb : verbs) {
        grants.add(group + "/" + resource + ":" + verb);
      }
    }
    return grants;
  }

  private static List<String> orEmpty(List<String> values) {
    return values == null ? List.of() : values;
  }
}
