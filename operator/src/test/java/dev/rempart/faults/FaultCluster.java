package dev.rempart.faults;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.chart.Helm;
import dev.rempart.chart.RenderedChart;
import dev.rempart.cli.demo.LocalControlPlane;
import dev.rempart.core.ManagedObjects;
import dev.rempart.it.ChartRbac;
import dev.rempart.it.Fixtures;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * A cluster for one fault class: its own control plane ({@link FaultControlPlane}), the chart's
 * ServiceAccount and RBAC (rendered by Helm, as {@link ChartRbac} does for every integration test),
 * Rempart's CRDs, {@code n} governed namespaces and an Enforce baseline whose network control makes
 * two NetworkPolicies in each. What the tests check is what an operator must guarantee: every
 * governed namespace holds exactly the policies it should, and nothing is lost or doubled.
 */
final class FaultCluster implements AutoCloseable {
  static final String RELEASE_NAMESPACE = "rempart-system";
  static final String LABEL = "faults.rempart.dev/governed";
  static final String BASELINE = "faults";
  static final Set<String> POLICIES = Set.of("rempart-default-deny", "rempart-allow-dns");

  final FaultControlPlane plane;
  final KubernetesClient admin;
  private final List<OperatorProcess> operators = new ArrayList<>();

  private FaultCluster(FaultControlPlane plane, KubernetesClient admin) {
    this.plane = plane;
    this.admin = admin;
  }

  static FaultCluster start(String name, int operatorTokens, String... apiServerFlags) {
    String release = "rempart-" + RELEASE_NAMESPACE;
    ServiceAccount account =
        RenderedChart.parse(Helm.binary().template(release, RELEASE_NAMESPACE))
            .only(ServiceAccount.class);
    String user =
        "system:serviceaccount:" + RELEASE_NAMESPACE + ":" + account.getMetadata().getName();
    FaultControlPlane plane = FaultControlPlane.start(name, user, operatorTokens, apiServerFlags);
    KubernetesClient admin = plane.adminClient();
    ChartRbac.Subject subject = ChartRbac.apply(admin, RELEASE_NAMESPACE);
    if (!subject.username().equals(user)) {
      throw new IllegalStateException(subject.username() + " is not the rendered " + user);
    }
    LocalControlPlane.installCrds(admin);
    return new FaultCluster(plane, admin);
  }

  /** Starts operator process {@code i} (its own token) reaching the API server directly. */
  OperatorProcess operator(int i, String name, String... jvmOptions) {
    return operator(i, name, plane.apiPort(), jvmOptions);
  }

  /** Starts operator process {@code i}, reaching the API server at {@code port} (a proxy). */
  OperatorProcess operator(int i, String name, int port, String... jvmOptions) {
    OperatorProcess operator =
        OperatorProcess.start(
            plane.dir(), name, plane.operatorKubeconfig(i, port), RELEASE_NAMESPACE, jvmOptions);
    operators.add(operator);
    return operator;
  }

  /** Creates {@code n} namespaces {@code prefix-0 ...} labelled to be governed, 8 at a time. */
  void governedNamespaces(String prefix, int n) throws Exception {
    parallel(
        n,
        i ->
            admin
                .resource(
                    new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(prefix + "-" + i)
                        .withLabels(Map.of(LABEL, "true"))
                        .endMetadata()
                        .build())
                .create());
  }

  /** Runs {@code task(0..n-1)} on 8 threads and waits for all. */
  static void parallel(int n, IntFunction<?> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        done.add(pool.submit(() -> task.apply(index)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  void enforceBaseline() {
    admin
        .resource(
            Fixtures.baseline(
                """
                apiVersion: rempart.dev/v1alpha1
                kind: SecurityBaseline
                metadata: {name: %s}
                spec:
                  mode: Enforce
                  namespaceSelector: {matchLabels: {%s: "true"}}
                  network: {defaultDeny: [Ingress, Egress], allowDNS: true}
                """
                    .formatted(BASELINE, LABEL)))
        .create();
  }

  SecurityBaseline baseline() {
    return admin.resources(SecurityBaseline.class).withName(BASELINE).get();
  }

  /** Every NetworkPolicy Rempart manages, by namespace. */
  Map<String, List<String>> managedPolicies() {
    Map<String, List<String>> byNamespace = new HashMap<>();
    for (NetworkPolicy p :
        admin
            .network()
            .v1()
            .networkPolicies()
            .inAnyNamespace()
            .withLabel(ManagedObjects.MANAGED_BY_LABEL, ManagedObjects.MANAGED_BY_VALUE)
            .list()
            .getItems()) {
      byNamespace
          .computeIfAbsent(p.getMetadata().getNamespace(), k -> new ArrayList<>())
          .add(p.getMetadata().getName());
    }
    return byNamespace;
  }

  /**
   * What the governed namespaces {@code prefix-0 ...} lack ({@code missing}), and what any
   * namespace holds that it should not ({@code unexpected}: a policy twice, one Rempart does not
   * make, one in a namespace that is not governed).
   */
  record Convergence(int missing, int unexpected, int present) {
    boolean complete() {
      return missing == 0 && unexpected == 0;
    }
  }

  Convergence convergence(String prefix, int n) {
    Map<String, List<String>> managed = managedPolicies();
    int missing = 0;
    int present = 0;
    for (int i = 0; i < n; i++) {
      List<String> names = managed.getOrDefault(prefix + "-" + i, List.of());
      present += names.size();
      missing += (int) POLICIES.stream().filter(p -> !names.contains(p)).count();
    }
    Set<String> governed =
        admin.namespaces().withLabel(LABEL, "true").list().getItems().stream()
            .map(ns -> ns.getMetadata().getName())
            .collect(java.util.stream.Collectors.toSet());
    int unexpected = 0;
    for (var entry : managed.entrySet()) {
      List<String> names = entry.getValue();
      unexpected +=
          governed.contains(entry.getKey())
              ? names.size()
                  - new TreeSet<>(names).size()
                  + (int) names.stream().filter(p -> !POLICIES.contains(p)).count()
              : names.size();
    }
    return new Convergence(missing, unexpected, present);
  }

  /**
   * Waits until every governed namespace holds its policies and nothing else is managed; returns
   * the seconds it took.
   */
  double awaitConverged(String prefix, int n, Duration atMost) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + atMost.toNanos();
    Convergence last = null;
    while (System.nanoTime() < deadline) {
      last = convergence(prefix, n);
      if (last.complete()) {
        return (System.nanoTime() - start) / 1e9;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("not converged within " + atMost + ": " + last);
  }

  /** The Lease's holder, or null. */
  String leaseHolder() {
    Lease lease =
        admin.leases().inNamespace(RELEASE_NAMESPACE).withName(OperatorProcess.LEASE).get();
    return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
  }

  /** Deletes the managed default-deny policy of {@code prefix-i} for each i; returns how many. */
  int deletePolicies(String prefix, int... indexes) {
    int deleted = 0;
    for (int i : indexes) {
      deleted +=
          admin
              .network()
              .v1()
              .networkPolicies()
              .inNamespace(prefix + "-" + i)
              .withName("rempart-default-deny")
              .delete()
              .size();
    }
    return deleted;
  }

  /**
   * Deletes the managed default-deny policy of the first {@code count} namespaces {@code prefix-i}
   * that hold one (during convergence most do not yet); returns how many were deleted.
   */
  int deleteExistingPolicies(String prefix, int count) {
    List<String> victims =
        managedPolicies().entrySet().stream()
            .filter(e -> e.getKey().startsWith(prefix + "-"))
            .filter(e -> e.getValue().contains("rempart-default-deny"))
            .map(Map.Entry::getKey)
            .sorted()
            .limit(count)
            .toList();
    int deleted = 0;
    for (String ns : victims) {
      deleted +=
          admin
              .network()
              .v1()
              .networkPolicies()
              .inNamespace(ns)
              .withName("rempart-default-deny")
              .delete()
              .size();
    }
    return deleted;
  }

  @Override
  public void close() throws Exception {
    for (OperatorProcess operator : operators) {
      operator.close();
    }
    admin.close();
    plane.close();
  }
}
