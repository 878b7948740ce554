package dev.rempart.chart;

import static dev.rempart.chart.RbacGrants.grants;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The operator's permissions, rule by rule: exactly what it needs and nothing else. A new
 * permission must be added here on purpose, with the reason in the role's header comment.
 */
class ChartRbacRulesTest {
  static final String NS = "rempart-system";
  static final List<String> READ = List.of("get", "list", "watch");
  static final List<String> REPORT_VERBS = List.of("list", "create", "patch", "delete");

  /** The admission policies a baseline's admission section makes. */
  static final List<String> ADMISSION_POLICIES =
      List.of("validatingadmissionpolicies", "validatingadmissionpolicybindings");

  /** What the operator watches. */
  static final Set<String> EXPECTED_READ =
      union(
          grants(
              "",
              List.of(
                  "namespaces",
                  "pods",
                  "services",
                  "serviceaccounts",
                  "persistentvolumeclaims",
                  "configmaps",
                  "replicationcontrollers",
                  "persistentvolumes"),
              READ),
          grants(
              "snapshot.storage.k8s.io",
              List.of("volumesnapshots", "volumesnapshotcontents"),
              READ),
          grants("apps", List.of("deployments", "statefulsets", "daemonsets", "replicasets"), READ),
          grants("batch", List.of("jobs", "cronjobs"), READ),
          grants("networking.k8s.io", List.of("networkpolicies", "ingresses"), READ),
          grants("storage.k8s.io", List.of("storageclasses"), READ),
          grants(
              "rbac.authorization.k8s.io",
              List.of("roles", "rolebindings", "clusterroles", "clusterrolebindings"),
              READ),
          grants(
              "rempart.dev",
              List.of("securitybaselines", "baselineexceptions", "vulnerabilityfirstseens"),
              READ),
          grants("admissionregistration.k8s.io", ADMISSION_POLICIES, READ),
          grants("aquasecurity.github.io", List.of("vulnerabilityreports"), READ));

  /** What the operator owns or changes. */
  static final Set<String> EXPECTED_WRITE =
      union(
          grants("rempart.dev", List.of("securitybaselines"), List.of("update", "patch")),
          grants("rempart.dev", List.of("securitybaselines/status"), List.of("update", "patch")),
          grants("rempart.dev", List.of("securitybaselines/finalizers"), List.of("update")),
          grants("rempart.dev", List.of("baselineexceptions/status"), List.of("update", "patch")),
          grants("rempart.dev", List.of("vulnerabilityfirstseens"), List.of("create", "patch")),
          grants(
              "networking.k8s.io",
              List.of("networkpolicies"),
              List.of("create", "update", "patch", "delete")),
          grants("", List.of("namespaces"), List.of("patch")),
          grants(
              "admissionregistration.k8s.io",
              ADMISSION_POLICIES,
              List.of("create", "update", "patch", "delete")),
          grants("", List.of("events"), List.of("create", "patch")),
          grants("events.k8s.io", List.of("events"), List.of("create", "patch")),
          ChartRbacRulesTest.reports("openreports.io", "reports", "clusterreports"));

  static Set<String> reports(String group, String namespaced, String cluster) {
    return grants(group, List.of(namespaced, cluster), REPORT_VERBS);
  }

  static final Set<String> SECRETS = grants("", List.of("secrets"), List.of("list", "watch"));
  static final Set<String> BINDING_REMOVAL =
      grants(
          "rbac.authorization.k8s.io",
          List.of("rolebindings", "clusterrolebindings"),
          List.of("delete"));

  private final Helm helm = Helm.binary();

  private RenderedChart render(String... values) {
    return RenderedChart.parse(helm.template("rempart", NS, values));
  }

  private static Set<String> grantsOf(RenderedChart chart, String clusterRole) {
    return RbacGrants.of(chart.one(ClusterRole.class, clusterRole).getRules());
  }

  @Test
  void byDefaultTheReadRoleGrantsExactlyWhatIsWatched() {
    assertThat(grantsOf(render(), "rempart-read")).isEqualTo(EXPECTED_READ);
  }

  @Test
  void byDefaultTheWriteRoleGrantsExactlyWhatIsOwned() {
    assertThat(grantsOf(render(), "rempart-write")).isEqualTo(EXPECTED_WRITE);
  }

  @Test
  void secretsAreReadableOnlyWhenOptedIn() {
    assertThat(grantsOf(render("--set=rbac.secretsMetadata=true"), "rempart-read"))
        .isEqualTo(union(EXPECTED_READ, SECRETS));
    assertThat(allGrants(render())).noneMatch(g -> g.contains("/secrets:"));
  }

  @Test
  void bindingsCanBeDeletedOnlyWhenOptedIn() {
    assertThat(grantsOf(render("--set=rbac.allowBindingRemoval=true"), "rempart-write"))
        .isEqualTo(union(EXPECTED_WRITE, BINDING_REMOVAL));
    assertThat(allGrants(render())).doesNotContainAnyElementsOf(BINDING_REMOVAL);
  }

  static final Set<String> DATA_DELETION =
      union(
          grants("", List.of("persistentvolumeclaims", "secrets", "configmaps"), List.of("delete")),
          grants("snapshot.storage.k8s.io", List.of("volumesnapshots"), List.of("delete")));
  static final Set<String> RETAINED_DATA_DELETION =
      union(
          grants("", List.of("persistentvolumes"), List.of("delete")),
          grants("snapshot.storage.k8s.io", List.of("volumesnapshotcontents"), List.of("delete")));

  @Test
  void dataCanBeDeletedOnlyInTheNamespacesListed() {
    assertThat(allGrants(render()))
        .doesNotContainAnyElementsOf(DATA_DELETION)
        .doesNotContainAnyElementsOf(RETAINED_DATA_DELETION);
    assertThat(allGrants(render("--set=rbac.dataDeletion.retainedData=true")))
        .as("retained data only with namespaces listed")
        .doesNotContainAnyElementsOf(RETAINED_DATA_DELETION);
    RenderedChart chart = render("--set=rbac.dataDeletion.namespaces={tenant-a,tenant-b}");
    assertThat(grantsOf(chart, "rempart-data-deletion")).isEqualTo(DATA_DELETION);
    assertThat(chart.all(RoleBinding.class))
        .filteredOn(b -> b.getRoleRef().getName().equals("rempart-data-deletion"))
        .extracting(b -> b.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("tenant-a", "tenant-b");
    assertThat(chart.all(ClusterRoleBinding.class))
        .extracting(b -> b.getRoleRef().getName())
        .as("never bound cluster-wide")
        .doesNotContain("rempart-data-deletion");
    assertThat(
            grantsOf(
                render(
                    "--set=rbac.dataDeletion.namespaces={tenant-a}",
                    "--set=rbac.dataDeletion.retainedData=true"),
                "rempart-retained-data-deletion"))
        .isEqualTo(RETAINED_DATA_DELETION);
  }

  @Test
  void reportsAreWritableOnlyInTheChosenFormat() {
    Set<String> openReports = reports("openreports.io", "reports", "clusterreports");
    Set<String> policyReports = reports("wgpolicyk8s.io", "policyreports", "clusterpolicyreports");
    Set<String> withoutReports = new TreeSet<>(EXPECTED_WRITE);
    withoutReports.removeAll(openReports);
    assertThat(grantsOf(render("--set=reports.format=wgpolicy"), "rempart-write"))
        .isEqualTo(union(withoutReports, policyReports));
    assertThat(grantsOf(render("--set=reports.format=none"), "rempart-write"))
        .isEqualTo(withoutReports);
  }

  @Test
  void leasesAreGrantedInTheReleaseNamespaceOnly() {
    RenderedChart chart = render();
    Role role = chart.only(Role.class);
    assertThat(role.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(RbacGrants.of(role.getRules()))
        .isEqualTo(
            grants(
                "coordination.k8s.io",
                List.of("leases"),
                List.of("get", "create", "update", "patch")));
    RoleBinding binding = chart.only(RoleBinding.class);
    assertThat(binding.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
  }

  @Test
  void theRecordsHeadIsTheOnlyConfigMapAndOnlyWhenARecordIsKept() {
    RenderedChart chart = render("--set=record.sink=stdout");
    Role role = chart.one(Role.class, "rempart-record");
    assertThat(role.getMetadata().getNamespace()).isEqualTo(NS);
    assertThat(role.getRules())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getApiGroups()).containsExactly("");
              assertThat(rule.getResources()).containsExactly("configmaps");
              assertThat(rule.getResourceNames()).containsExactly("rempart-record-head");
              assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "create", "patch");
            });
    assertThat(chart.one(RoleBinding.class, "rempart-record").getRoleRef().getName())
        .isEqualTo("rempart-record");
    assertThat(allGrants(render()))
        .as("without a record, ConfigMaps are only read")
        .doesNotContain("/configmaps:create", "/configmaps:patch", "/configmaps:update");
  }

  @Test
  void noRoleEverGrantsAWildcardOrAWayToEscalate() {
    RenderedChart everything =
        render(
            "--set=rbac.secretsMetadata=true",
            "--set=rbac.allowBindingRemoval=true",
            "--set=rbac.dataDeletion.namespaces={tenant-a}",
            "--set=rbac.dataDeletion.retainedData=true",
            "--set=record.sink=stdout");
    for (PolicyRule rule : rules(everything).toList()) {
      assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
      assertThat(rule.getResources()).doesNotContain("*");
      assertThat(rule.getApiGroups()).doesNotContain("*");
      assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
      if (!rule.getResources().equals(List.of("configmaps"))) {
        assertThat(rule.getResourceNames()).isNullOrEmpty();
      }
    }
    assertThat(allGrants(everything))
        .as("no permission to create or change RBAC objects")
        .noneMatch(
            g ->
                g.startsWith("rbac.authorization.k8s.io/")
                    && !g.endsWith(":get")
                    && !g.endsWith(":list")
                    && !g.endsWith(":watch")
                    && !g.endsWith(":delete"));
  }

  @Test
  void everyBindingGivesItsRoleToTheOperatorsServiceAccountOnly() {
    RenderedChart chart = render();
    for (ClusterRoleBinding binding : chart.all(ClusterRoleBinding.class)) {
      assertThat(binding.getRoleRef().getName()).isEqualTo(binding.getMetadata().getName());
      assertThat(binding.getSubjects())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.getKind()).isEqualTo("ServiceAccount");
                assertThat(s.getName()).isEqualTo("rempart");
                assertThat(s.getNamespace()).isEqualTo(NS);
              });
    }
    assertThat(chart.all(ClusterRoleBinding.class)).hasSize(2);
  }

  private static Stream<PolicyRule> rules(RenderedChart chart) {
    return Stream.concat(
        chart.all(ClusterRole.class).stream().flatMap(r -> r.getRules().stream()),
        chart.all(Role.class).stream().flatMap(r -> r.getRules().stream()));
  }

  private static Set<String> allGrants(RenderedChart chart) {
    return RbacGrants.of(rules(chart).toList());
  }

  @SafeVarargs
  private static Set<String> union(Set<String>... sets) {
    Set<String> all = new TreeSet<>();
    for (Set<String> set : sets) {
      all.addAll(set);
    }
    return all;
  }
}
