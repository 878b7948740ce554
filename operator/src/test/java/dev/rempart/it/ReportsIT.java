package dev.rempart.it;

import static dev.rempart.it.Fixtures.namespace;
import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.io.ManifestReader;
import dev.rempart.operator.OperatorSettings;
import dev.rempart.operator.policyreports.ReportFormat;
import dev.rempart.operator.policyreports.ReportSettings;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Policy reports on a real API server, with the operator under the chart's RBAC and the report CRDs
 * the chart ships: one Report per governed namespace (fail, skip for excepted, pass summarised),
 * bounded with exact counts, written only when its content changes, removed when its namespace
 * leaves; the older wgpolicyk8s.io format; and a baseline condition while the CRD is missing.
 */
class ReportsIT {
  private static final Duration WAIT = Duration.ofSeconds(45);
  private static final int MAX_RESULTS = 4;
  private static KubernetesClient admin;

  @BeforeAll
  static void connect() {
    admin = ControlPlane.adminClient();
  }

  @AfterAll
  static void disconnect() {
    admin.close();
  }

  @Test
  void eachGovernedNamespaceGetsABoundedReportWrittenOnlyWhenItsContentChanges() {
    ReportCrds.install(admin, "openreports");
    try (RunningOperator operator = start(ReportFormat.OPENREPORTS)) {
      String label = unique("rep");
      String loud = unique("loud");
      String quiet = unique("quiet");
      namespace(admin, loud, Map.of(label, "true"));
      namespace(admin, quiet, Map.of(label, "true"));
      admin.resource(privilegedDeployment(loud, "legacy")).create();
      String baseline = unique("reports");
      String exception = unique("quiet-network");
      admin.resource(networkException(exception, baseline, quiet)).create();
      admin.resource(auditBaseline(baseline, label)).create();

      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                GenericKubernetesResource report = report(ReportFormat.OPENREPORTS, loud, baseline);
                assertThat(report)
                    .as("report; baseline status: %s", readStatus(baseline))
                    .isNotNull();
                Map<String, Object> summary = map(report, "summary");
                assertThat((Integer) summary.get("fail")).isGreaterThan(MAX_RESULTS);
              });
      GenericKubernetesResource loudReport = report(ReportFormat.OPENREPORTS, loud, baseline);
      Map<String, Object> summary = map(loudReport, "summary");
      int fail = (Integer) summary.get("fail");
      List<Map<String, Object>> results = results(loudReport);
      assertThat(results).as("capped at --report-max-results").hasSize(MAX_RESULTS);
      assertThat(loudReport.getMetadata().getAnnotations().get("rempart.dev/results-omitted"))
          .startsWith((fail + (Integer) summary.get("pass") - MAX_RESULTS) + " of ");
      assertThat(loudReport.getAdditionalProperties())
          .containsEntry("source", "rempart")
          .containsEntry("configuration", Map.of("limits", Map.of("maxResults", MAX_RESULTS)));
      assertThat(results)
          .allSatisfy(
              r -> {
                assertThat(r)
                    .containsEntry("source", "rempart")
                    .containsEntry("policy", baseline)
                    .containsEntry("result", "fail")
                    .containsKeys("rule", "category", "severity", "message", "timestamp");
                assertThat((String) r.get("rule")).contains("/");
              });
      assertThat(results.get(0).get("severity")).as("most severe first").isEqualTo("critical");
      assertThat(results)
          .anySatisfy(
              r ->
                  assertThat(r.get("resources"))
                      .isEqualTo(
                          List.of(
                              Map.of(
                                  "apiVersion",
                                  "apps/v1",
                                  "kind",
                                  "Deployment",
                                  "namespace",
                                  loud,
                                  "name",
                                  "legacy"))));

      GenericKubernetesResource quietReport = report(ReportFormat.OPENREPORTS, quiet, baseline);
      assertThat(map(quietReport, "summary"))
          .containsEntry("fail", 0)
          .containsEntry("skip", 1)
          .containsEntry("pass", 1);
      assertThat(results(quietReport))
          .anySatisfy(
              r -> {
                assertThat(r)
                    .containsEntry("result", "skip")
                    .containsEntry("rule", "network/defaultDeny");
                assertThat(map(r, "properties")).containsEntry("exception", exception);
              })
          .anySatisfy(
              r ->
                  assertThat(r)
                      .containsEntry("result", "pass")
                      .containsEntry("rule", "podSecurity"));
      awaitReported(baseline, "True", "ReportsWritten");

      // Repeated evaluations without change: not a single report write.
      int writes = operator.operator().reports().writes();
      String loudVersion = loudReport.getMetadata().getResourceVersion();
      long evaluations = evaluations(operator, baseline);
      for (int i = 0; i < 5; i++) {
        poke(loud);
        long before = evaluations;
        await().atMost(WAIT).until(() -> evaluations(operator, baseline) > before);
        evaluations = evaluations(operator, baseline);
      }
      assertThat(operator.operator().reports().writes())
          .as("report writes after 5 evaluations without change")
          .isEqualTo(writes);
      System.gc(); // the metric must survive a collection (Micrometer holds its state weakly)
      assertThat(operator.operator().metrics().scrape())
          .contains("rempart_report_writes_total " + (double) writes);
      assertThat(
              report(ReportFormat.OPENREPORTS, loud, baseline).getMetadata().getResourceVersion())
          .isEqualTo(loudVersion);

      // One namespace's content changes: exactly one write, to that namespace's report.
      admin.resource(privilegedDeployment(quiet, "intruder")).create();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(map(report(ReportFormat.OPENREPORTS, quiet, baseline), "summary"))
                      .containsEntry("skip", 1)
                      .containsEntry("pass", 0)
                      .satisfies(s -> assertThat((Integer) s.get("fail")).isPositive()));
      assertThat(operator.operator().reports().writes()).isEqualTo(writes + 1);
      assertThat(
              report(ReportFormat.OPENREPORTS, loud, baseline).getMetadata().getResourceVersion())
          .isEqualTo(loudVersion);

      // A namespace that leaves the baseline loses its report.
      admin
          .namespaces()
          .withName(quiet)
          .edit(
              n -> {
                n.getMetadata().getLabels().remove(label);
                return n;
              });
      await().atMost(WAIT).until(() -> report(ReportFormat.OPENREPORTS, quiet, baseline) == null);
      assertThat(report(ReportFormat.OPENREPORTS, loud, baseline)).isNotNull();

      admin.resources(SecurityBaseline.class).withName(baseline).delete();
      await().atMost(WAIT).until(() -> report(ReportFormat.OPENREPORTS, loud, baseline) == null);
    }
  }

  @Test
  void aClusterScopedFindingIsReportedInTheClusterReport() {
    ReportCrds.install(admin, "openreports");
    try (RunningOperator operator = start(ReportFormat.OPENREPORTS)) {
      String label = unique("cr");
      namespace(admin, unique("team"), Map.of(label, "true"));
      String binding = unique("alice-admin");
      admin
          .resource(
              new ClusterRoleBindingBuilder()
                  .withNewMetadata()
                  .withName(binding)
                  .endMetadata()
                  .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                  .addNewSubject()
                  .withKind("User")
                  .withName("alice@example.com")
                  .withApiGroup("rbac.authorization.k8s.io")
                  .endSubject()
                  .build())
          .create();
      String baseline = unique("least-privilege");
      admin
          .resource(
              Fixtures.baseline(
                  """
                  apiVersion: rempart.dev/v1alpha1
                  kind: SecurityBaseline
                  metadata: {name: %s}
                  spec:
                    mode: Audit
                    namespaceSelector: {matchLabels: {%s: "true"}}
                    accessControl: {forbidClusterAdmin: true}
                  """
                      .formatted(baseline, label)))
          .create();
      try {
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(clusterReport(baseline))
                        .as("cluster report; %s", readStatus(baseline))
                        .isNotNull()
                        .satisfies(
                            report ->
                                assertThat(results(report))
                                    .anySatisfy(
                                        r ->
                                            assertThat(r.get("resources"))
                                                .asString()
                                                .contains("ClusterRoleBinding", binding))));
        assertThat(clusterReport(baseline).getKind()).isEqualTo("ClusterReport");
      } finally {
        admin.resources(SecurityBaseline.class).withName(baseline).delete();
        admin.rbac().clusterRoleBindings().withName(binding).delete();
      }
    }
  }

  @Test
  void withoutTheReportCrdTheBaselineSaysSoAndReportsFollowItsInstallation() {
    try (RunningOperator operator = start(ReportFormat.WGPOLICY)) {
      String label = unique("wg");
      String ns = unique("team");
      namespace(admin, ns, Map.of(label, "true"));
      String baseline = unique("older-readers");
      admin.resource(auditBaseline(baseline, label)).create();
      assertThat(awaitReported(baseline, "False", "ReportCRDMissing").getMessage())
          .contains("policyreports.wgpolicyk8s.io", "reports.installCRDs");
      assertThat(operator.operator().reports().writes()).isZero();

      ReportCrds.install(admin, "wgpolicy");
      // The CRD's presence is asked again within 30 s; any event then brings the reports.
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                poke(ns);
                assertThat(report(ReportFormat.WGPOLICY, ns, baseline))
                    .as("report; %s", readStatus(baseline))
                    .isNotNull();
              });
      GenericKubernetesResource report = report(ReportFormat.WGPOLICY, ns, baseline);
      assertThat(report.getKind()).isEqualTo("PolicyReport");
      assertThat(report.getAdditionalProperties()).doesNotContainKeys("source", "configuration");
      assertThat(map(report, "summary")).containsEntry("fail", 1);
      assertThat(results(report))
          .anySatisfy(
              r ->
                  assertThat(r)
                      .containsEntry("source", "rempart")
                      .containsEntry("rule", "network/defaultDeny")
                      .containsEntry("category", "4.4")
                      .containsEntry("severity", "high"));
      awaitReported(baseline, "True", "ReportsWritten");
      admin.resources(SecurityBaseline.class).withName(baseline).delete();
    }
  }

  @Test
  void manyChangedReportsAreWrittenInTheBackgroundAndEachOnce() {
    ReportCrds.install(admin, "openreports");
    try (RunningOperator operator = start(ReportFormat.OPENREPORTS, 2)) {
      String label = unique("many");
      List<String> namespaces =
          List.of(unique("a"), unique("b"), unique("c"), unique("d"), unique("e"));
      namespaces.forEach(ns -> namespace(admin, ns, Map.of(label, "true")));
      String baseline = unique("batched");
      int before = operator.operator().reports().writes();
      admin.resource(auditBaseline(baseline, label)).create();

      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(namespaces)
                      .allSatisfy(
                          ns ->
                              assertThat(report(ReportFormat.OPENREPORTS, ns, baseline))
                                  .isNotNull()));
      awaitReported(baseline, "True", "ReportsWritten");
      assertThat(operator.operator().reports().writes() - before)
          .as("five reports, by two writers, each written once")
          .isEqualTo(5);
      admin.resources(SecurityBaseline.class).withName(baseline).delete();
    }
  }

  private static RunningOperator start(ReportFormat format) {
    return start(format, ReportSettings.DEFAULT_WRITERS);
  }

  private static RunningOperator start(ReportFormat format, int writers) {
    OperatorSettings settings =
        new OperatorSettings(Duration.ofMinutes(10), 8, Clock.systemUTC())
            .withReports(new ReportSettings(format, MAX_RESULTS, writers))
            .withOnLeaseLost(() -> {});
    return RunningOperator.startUnderChartRbac(settings, "--set=reports.format=" + format.id());
  }

  private static long evaluations(RunningOperator operator, String baseline) {
    Timer timer =
        operator
            .operator()
            .metrics()
            .registry()
            .find("rempart.evaluation")
            .tag("baseline", baseline)
            .timer();
    return timer == null ? 0 : timer.count();
  }

  private static void poke(String ns) {
    admin
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(unique("poke"))
                .withNamespace(ns)
                .endMetadata()
                .build())
        .create();
  }

  private static GenericKubernetesResource clusterReport(String baseline) {
    return admin
        .genericKubernetesResources("openreports.io/v1alpha1", "ClusterReport")
        .withName("rempart-" + baseline)
        .get();
  }

  private static GenericKubernetesResource report(
      ReportFormat format, String namespace, String baseline) {
    ResourceDefinitionContext context =
        new ResourceDefinitionContext.Builder()
            .withGroup(format.apiVersion().split("/")[0])
            .withVersion(format.apiVersion().split("/")[1])
            .withKind(format.kind(false))
            .withPlural(format.kind(false).toLowerCase() + "s")
            .withNamespaced(true)
            .build();
    return admin
        .genericKubernetesResources(context)
        .inNamespace(namespace)
        .withName("rempart-" + baseline)
        .get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(GenericKubernetesResource report, String field) {
    return (Map<String, Object>) report.getAdditionalProperties().get(field);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String field) {
    return (Map<String, Object>) parent.get(field);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> results(GenericKubernetesResource report) {
    return (List<Map<String, Object>>) report.getAdditionalProperties().get("results");
  }

  /** Waits until the baseline's Reported condition has this status and reason, and returns it. */
  private static Condition awaitReported(String baseline, String status, String reason) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(condition(baseline, "Reported"))
                    .isNotNull()
                    .satisfies(c -> assertThat(c.getStatus()).isEqualTo(status))
                    .satisfies(c -> assertThat(c.getReason()).isEqualTo(reason)));
    return condition(baseline, "Reported");
  }

  private static Object readStatus(String baseline) {
    Condition reported = condition(baseline, "Reported");
    return reported == null ? "no Reported condition" : reported.getMessage();
  }

  private static Condition condition(String baseline, String type) {
    return Fixtures.condition(
        admin.resources(SecurityBaseline.class).withName(baseline).get(), type);
  }

  private static SecurityBaseline auditBaseline(String name, String label) {
    return Fixtures.baseline(
        """
        apiVersion: rempart.dev/v1alpha1
        kind: SecurityBaseline
        metadata: {name: %s}
        spec:
          mode: Audit
          namespaceSelector: {matchLabels: {%s: "true"}}
          network: {}
          podSecurity: {level: restricted, labelNamespaces: false}
        """
            .formatted(name, label));
  }

  private static HasMetadata networkException(String name, String baseline, String namespace) {
    Instant expiresAt = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
    return ManifestReader.parse(
            """
            apiVersion: rempart.dev/v1alpha1
            kind: BaselineException
            metadata: {name: %s}
            spec:
              baseline: %s
              controls: [{control: network}]
              namespaces: [%s]
              reason: The quiet team's flows are being mapped.
              ticket: RISK-7
              approvedBy: ciso@example.com
              expiresAt: "%s"
            """
                .formatted(name, baseline, namespace, expiresAt))
        .get(0);
  }

  private static HasMetadata privilegedDeployment(String namespace, String name) {
    return ManifestReader.parse(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: %s, namespace: %s}
            spec:
              selector: {matchLabels: {app: %s}}
              template:
                metadata: {labels: {app: %s}}
                spec:
                  hostNetwork: true
                  hostPID: true
                  containers:
                    - name: app
                      image: nginx:latest
                      securityContext: {privileged: true}
            """
                .formatted(name, namespace, name, name))
        .get(0);
  }
}
