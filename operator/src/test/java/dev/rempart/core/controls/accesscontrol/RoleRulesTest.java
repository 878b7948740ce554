package dev.rempart.core.controls.accesscontrol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.RoleRefBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoleRulesTest {
  private static PolicyRule rule(List<String> groups, List<String> resources, List<String> verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups(groups)
        .withResources(resources)
        .withVerbs(verbs)
        .build();
  }

  private static RoleRef ref(String kind, String name) {
    return new RoleRefBuilder().withKind(kind).withName(name).build();
  }

  @Test
  void wildcardVerbsOrResourcesMakeAWildcardRule() {
    assertThat(RoleRules.isWildcard(rule(List.of("apps"), List.of("deployments"), List.of("*"))))
        .isTrue();
    assertThat(RoleRules.isWildcard(rule(List.of(""), List.of("*"), List.of("get")))).isTrue();
    assertThat(RoleRules.isWildcard(rule(List.of(""), List.of("pods/*"), List.of("get")))).isTrue();
    assertThat(RoleRules.isWildcard(rule(List.of("apps"), List.of("*/scale"), List.of("update"))))
        .isTrue();
  }

  @Test
  void aWildcardApiGroupAloneOrNamedVerbsAreNotWildcardRules() {
    assertThat(RoleRules.isWildcard(rule(List.of("*"), List.of("pods"), List.of("get", "list"))))
        .isFalse();
    assertThat(
            RoleRules.isWildcard(
                new PolicyRuleBuilder().withNonResourceURLs("/healthz").withVerbs("get").build()))
        .isFalse();
  }

  @Test
  void everythingNeedsBothTheVerbAndTheResourceWildcard() {
    assertThat(RoleRules.grantsEverything(rule(List.of(""), List.of("*"), List.of("*")))).isTrue();
    assertThat(RoleRules.grantsEverything(rule(List.of("*"), List.of("*"), List.of("get"))))
        .isFalse();
    assertThat(RoleRules.grantsEverything(rule(List.of("*"), List.of("pods"), List.of("*"))))
        .isFalse();
  }

  @Test
  void clusterAdminGrantsEverythingEvenWhenItsRoleIsNotVisible() {
    assertThat(RoleRules.grantsEverything(ref("ClusterRole", "cluster-admin"), Optional.empty()))
        .isTrue();
    assertThat(RoleRules.grantsEverything(ref("Role", "cluster-admin"), Optional.empty()))
        .isFalse();
    assertThat(RoleRules.grantsEverything(ref("ClusterRole", "view"), Optional.empty())).isFalse();
  }

  @Test
  void resolvesRolesInTheirNamespaceAndClusterRolesAnywhere() {
    Snapshot snapshot =
        Snapshot.of(
            new RoleBuilder()
                .withNewMetadata()
                .withName("r")
                .withNamespace("a")
                .endMetadata()
                .withRules(rule(List.of(""), List.of("*"), List.of("*")))
                .build(),
            new ClusterRoleBuilder().withNewMetadata().withName("c").endMetadata().build());
    assertThat(RoleRules.resolve(snapshot, ref("Role", "r"), "a"))
        .hasValueSatisfying(r -> assertThat(r).hasSize(1));
    assertThat(RoleRules.resolve(snapshot, ref("Role", "r"), "b")).isEmpty();
    assertThat(RoleRules.resolve(snapshot, ref("ClusterRole", "c"), "b")).contains(List.of());
    assertThat(RoleRules.resolve(snapshot, ref("ClusterRole", "missing"), null)).isEmpty();
  }

  @Test
  void describesARule() {
    assertThat(RoleRules.describe(rule(List.of("", "apps"), List.of("*"), List.of("get", "list"))))
        .isEqualTo("verbs [get,list] on resources [*] in apiGroups [\"\",apps]");
  }
}
