package dev.rempart.core.controls.accesscontrol;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import org.junit.jupiter.api.Test;

class SystemIdentitiesTest {
  private static Subject subject(String kind, String name, String namespace) {
    return new SubjectBuilder().withKind(kind).withName(name).withNamespace(namespace).build();
  }

  @Test
  void systemUsersGroupsAndKubeSystemServiceAccountsAreTheSystems() {
    assertThat(SystemIdentities.isSystemSubject(subject("User", "system:kube-scheduler", null)))
        .isTrue();
    assertThat(SystemIdentities.isSystemSubject(subject("Group", "system:masters", null))).isTrue();
    assertThat(
            SystemIdentities.isSystemSubject(
                subject("Group", "system:serviceaccounts:kube-system", null)))
        .isTrue();
    assertThat(
            SystemIdentities.isSystemSubject(subject("ServiceAccount", "coredns", "kube-system")))
        .isTrue();
  }

  @Test
  void broadGroupsAndOtherServiceAccountsAreNot() {
    assertThat(SystemIdentities.isSystemSubject(subject("User", "system:anonymous", null)))
        .isFalse();
    assertThat(SystemIdentities.isSystemSubject(subject("Group", "system:authenticated", null)))
        .isFalse();
    assertThat(SystemIdentities.isSystemSubject(subject("Group", "system:unauthenticated", null)))
        .isFalse();
    assertThat(SystemIdentities.isSystemSubject(subject("Group", "system:serviceaccounts", null)))
        .isFalse();
    assertThat(
            SystemIdentities.isSystemSubject(subject("Group", "system:serviceaccounts:shop", null)))
        .isFalse();
    assertThat(SystemIdentities.isSystemSubject(subject("ServiceAccount", "deployer", "ci")))
        .isFalse();
    assertThat(SystemIdentities.isSystemSubject(subject("User", "alice", null))).isFalse();
  }

  @Test
  void onlyUnauthenticatedSubjectsAreTheCriticalBroadOnes() {
    assertThat(SystemIdentities.isUnauthenticated(subject("User", "system:anonymous", null)))
        .isTrue();
    assertThat(SystemIdentities.isUnauthenticated(subject("Group", "system:unauthenticated", null)))
        .isTrue();
    assertThat(SystemIdentities.isUnauthenticated(subject("Group", "system:authenticated", null)))
        .isFalse();
    assertThat(SystemIdentities.isBroad(subject("Group", "system:authenticated", null))).isTrue();
    assertThat(SystemIdentities.isBroad(subject("User", "system:authenticated", null))).isFalse();
  }

  @Test
  void aSystemNameAloneDoesNotMakeABindingTheSystems() {
    assertThat(
            SystemIdentities.isSystemBinding(
                binding("system:sneaky", "cluster-admin", subject("User", "mallory", null))))
        .isFalse();
    assertThat(
            SystemIdentities.isSystemBinding(
                binding(
                    "system:discovery",
                    "system:discovery",
                    subject("Group", "system:authenticated", null))))
        .isTrue();
    assertThat(
            SystemIdentities.isSystemBinding(
                binding("addons", "edit", subject("ServiceAccount", "addon", "kube-system"))))
        .isTrue();
    assertThat(SystemIdentities.isSystemBinding(binding("empty", "edit"))).isFalse();
  }

  private static Binding binding(String name, String role, Subject... subjects) {
    return Binding.of(
        new ClusterRoleBindingBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewRoleRef()
            .withKind("ClusterRole")
            .withName(role)
            .endRoleRef()
            .withSubjects(subjects)
            .build());
  }
}
