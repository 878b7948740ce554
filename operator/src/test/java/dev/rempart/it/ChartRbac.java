package dev.rempart.it;

import dev.rempart.chart.Helm;
import dev.rempart.chart.RenderedChart;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Puts the Helm chart's ServiceAccount and RBAC into a test cluster, so that integration tests can
 * run the operator <em>under the permissions the chart ships</em>: a permission the operator needs
 * but the chart lacks then fails a test instead of a customer's install.
 *
 * <p>The chart is rendered with the real Helm binary ({@code hack/helm-binary.sh}, see {@link
 * Helm}), and only its ServiceAccount, ClusterRoles, Role and bindings are applied (server-side
 * apply, field manager {@code rempart-tests}); the Deployment is not. Each namespace gets a release
 * of its own ({@code rempart-<namespace>}), so cluster-scoped role names never collide between
 * tests. Use it with the admin client of the test cluster, then impersonate the returned subject:
 *
 * <pre>{@code
 * ChartRbac.Subject operator = ChartRbac.apply(admin, "rempart-system");
 * Config asOperator = operator.impersonating(ControlPlane.config());
 * // or by hand: config.setImpersonateUsername(operator.username());
 * //             config.setImpersonateGroups(operator.groups().toArray(String[]::new));
 * try (KubernetesClient client = new KubernetesClientBuilder().withConfig(asOperator).build()) {
 *   // start the operator with this client: every call it makes is authorized as the chart's
 *   // ServiceAccount, e.g. client.secrets().inAnyNamespace().list() is Forbidden.
 * }
 * }</pre>
 *
 * <p>Chart values select optional permissions, as with {@code helm install --set}: {@code
 * ChartRbac.apply(admin, ns, "--set=rbac.allowBindingRemoval=true")}. The admin must be allowed to
 * impersonate (kube-api-test's admin is in {@code system:masters}).
 */
public final class ChartRbac {
  private static final Set<Class<? extends HasMetadata>> RBAC_KINDS =
      Set.of(
          ServiceAccount.class,
          ClusterRole.class,
          ClusterRoleBinding.class,
          Role.class,
          RoleBinding.class);

  private ChartRbac() {}

  /**
   * Renders the chart for a release in {@code namespace} (created when missing), applies its
   * ServiceAccount and RBAC, and returns the ServiceAccount to impersonate.
   *
   * @param helmValues extra {@code helm template} arguments, e.g. {@code "--set=rbac.x=true"}
   */
  public static Subject apply(KubernetesClient admin, String namespace, String... helmValues) {
    String release = "rempart-" + namespace;
    RenderedChart chart =
        RenderedChart.parse(Helm.binary().template(release, namespace, helmValues));
    List<HasMetadata> rbac = new ArrayList<>();
    for (HasMetadata object : chart.objects()) {
      if (RBAC_KINDS.stream().anyMatch(kind -> kind.isInstance(object))) {
        rbac.add(object);
      }
    }
    ServiceAccount account = chart.only(ServiceAccount.class);

    if (admin.namespaces().withName(namespace).get() == null) {
      admin
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
          .create();
    }
    for (HasMetadata object : rbac) {
      admin.resource(object).fieldManager("rempart-tests").forceConflicts().serverSideApply();
    }
    return new Subject(namespace, account.getMetadata().getName());
  }

  /** The operator's ServiceAccount, as the API server authenticates it. */
  public record Subject(String namespace, String serviceAccount) {
    /** {@code system:serviceaccount:<namespace>:<name>}: what RBAC bindings match. */
    public String username() {
      return "system:serviceaccount:" + namespace + ":" + serviceAccount;
    }

    /** The groups the API server gives every ServiceAccount token. */
    public List<String> groups() {
      return List.of(
          "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated");
    }

    /** A copy of {@code admin} that acts as this ServiceAccount (impersonation). */
    public Config impersonating(Config admin) {
      Config config = new ConfigBuilder(admin).build();
      config.setImpersonateUsername(username());
      config.setImpersonateGroups(groups().toArray(String[]::new));
      return config;
    }
  }
}
