package dev.rempart.it;

import static dev.rempart.it.Fixtures.namespace;
import static dev.rempart.it.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rempart.api.trivy.VulnerabilityReport;
import dev.rempart.api.v1alpha1.ControlStatus;
import dev.rempart.api.v1alpha1.FirstSeenEntry;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.api.v1alpha1.VulnerabilityFirstSeen;
import dev.rempart.core.controls.vulnerabilities.FirstSeenShards;
import dev.rempart.operator.MetricsServer;
import dev.rempart.operator.OperatorSettings;
import dev.rempart.operator.RempartOperator;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vulnerabilities control on a real API server, under the chart's RBAC, with Trivy Operator's
 * published VulnerabilityReport CRD: the first-seen clock of a vulnerability survives its report
 * deleted and re-created, a restart of the operator, a change of leader and a new tag of the image.
 * The operator's clock is injected; the store is brought up to date on demand.
 */
class VulnerabilitiesIT {
  /** Trivy Operator's published static install, CRDs included (Apache-2.0). */
  private static final Path TRIVY_STATIC =
      Path.of("../shared/corpus/aquasecurity-deploy-static-trivy-operator.yaml");

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static KubernetesClient admin;
  private static ChartRbac.Subject subject;

  @BeforeAll
  static void setUp() throws IOException {
    admin = ControlPlane.adminClient();
    installTrivyCrd();
    subject = ChartRbac.apply(admin, "rempart-vuln");
  }

  @AfterAll
  static void tearDown() {
    admin.close();
  }

  @Test
  void theClockSurvivesTheReportDeletedAndRecreated() {
    Scenario s = new Scenario();
    try (Instance op = Instance.start(s.clock, null)) {
      s.report("1.0", s.t0);
      keepUntil(op, () -> s.entry() != null);
      admin.resource(s.reportObject("1.0", s.t0)).delete();
      await().atMost(WAIT).until(() -> s.entry() != null && keepAndCheck(op, s, true));
      assertThat(s.entry().getClosedAt()).isNotNull();
      s.clock.advance(Duration.ofHours(2));
      s.report("1.0", s.clock.instant());
      await().atMost(WAIT).until(() -> keepAndCheck(op, s, false));
      assertThat(s.entry().getFirstSeen()).isEqualTo(s.t0.toString());
      assertThat(s.entry().getOpenSince()).isNull();
    }
  }

  @Test
  void theClockSurvivesARestartAndTheBreachIsReported() {
    Scenario s = new Scenario();
    try (Instance first = Instance.start(s.clock, null)) {
      s.report("1.0", s.t0);
      keepUntil(first, () -> s.entry() != null);
    }
    s.clock.advance(Duration.ofDays(31));
    // The rescan of the restarted cluster: a new report, a new scan time.
    admin.resource(s.reportObject("1.0", s.t0)).delete();
    s.report("1.0", s.clock.instant());
    try (Instance next = Instance.start(s.clock, null)) {
      // Only the store knows the CVE is 31 days old: the new report was scanned today.
      await().atMost(WAIT).until(() -> breaches(s.baseline) > 0);
      next.operator.keepFirstSeen();
      assertThat(s.entry().getFirstSeen()).isEqualTo(s.t0.toString());
    }
  }

  @Test
  void theClockSurvivesAChangeOfLeader() {
    Scenario s = new Scenario();
    String lease = unique("vuln-lease");
    Instance leader = Instance.start(s.clock, lease);
    await().atMost(WAIT).until(() -> leader.operator.isReady());
    try (Instance follower = Instance.start(s.clock, lease)) {
      s.report("1.0", s.t0);
      keepUntil(leader, () -> s.entry() != null);
      assertThat(follower.operator.keepFirstSeen()).as("a follower writes nothing").isZero();
      leader.close();
      // The clock is not moved here: the lease is judged by the same clock. The new leader works
      // from the store the old one wrote: the report goes, the clock stops...
      admin.resource(s.reportObject("1.0", s.t0)).delete();
      await().atMost(WAIT).until(() -> keepAndCheck(follower, s, true));
      // ...and the rescan's report, scanned now, does not start it again.
      s.report("1.0", s.clock.instant());
      await().atMost(WAIT).until(() -> keepAndCheck(follower, s, false));
      assertThat(s.entry().getFirstSeen()).isEqualTo(s.t0.toString());
      assertThat(s.entry().getOpenSince()).isNull();
    } finally {
      leader.close();
    }
  }

  @Test
  void theClockSurvivesANewTagOfTheSameRepository() {
    Scenario s = new Scenario();
    try (Instance op = Instance.start(s.clock, null)) {
      s.report("1.0", s.t0);
      keepUntil(op, () -> s.entry() != null);
      s.clock.advance(Duration.ofDays(31));
      // The workload moves to tag 1.1, which still has the CVE: a new report, scanned now.
      admin.resource(s.reportObject("1.0", s.t0)).delete();
      s.report("1.1", s.clock.instant());
      await().atMost(WAIT).until(() -> keepAndCheck(op, s, false) && breaches(s.baseline) > 0);
      assertThat(s.entry().getFirstSeen()).isEqualTo(s.t0.toString());
    }
  }

  /**
   * The oldest open critical vulnerability's age, scraped from {@code /metrics}, counts from its
   * first-seen time in the store: the rescan's new report (scanned 10 days after the CVE was first
   * seen) does not restart it, and the baseline's status says since when.
   */
  @Test
  void theOldestOpenCriticalAgeFollowsTheStoreAcrossAReportRecreated() throws Exception {
    Scenario s = new Scenario("CRITICAL");
    String series =
        "rempart_vulnerability_oldest_open_critical_age_seconds{baseline=\"" + s.baseline + "\"}";
    try (Instance op = Instance.start(s.clock, null);
        MetricsServer metrics = new MetricsServer(0, op.operator.metrics())) {
      s.report("1.0", s.t0);
      keepUntil(op, () -> s.entry() != null);
      await().atMost(WAIT).until(() -> scrapeValue(metrics, series) != null);
      s.clock.advance(Duration.ofDays(10));
      admin.resource(s.reportObject("1.0", s.t0)).delete();
      await().atMost(WAIT).until(() -> keepAndCheck(op, s, true));
      s.report("1.0", s.clock.instant());
      double tenDays = Duration.ofDays(10).toSeconds();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                op.operator.keepFirstSeen();
                assertThat(s.entry().getClosedAt()).isNull();
                assertThat(summarySince(s.baseline)).isEqualTo(s.t0.toString());
                assertThat(scrapeValue(metrics, series)).isBetween(tenDays, tenDays + 300);
              });
      SecurityBaseline b = admin.resources(SecurityBaseline.class).withName(s.baseline).get();
      assertThat(b.getStatus().getSummary().getVulnerabilities().getOldestOpenCritical())
          .isEqualTo("CVE-2026-0001 (openssl) in ghcr.io/" + s.repository);
      assertThat(b.getStatus().getSummary().getVulnerabilities().getOldestOpenCriticalNamespace())
          .isEqualTo(s.ns);
    }
  }

  private static String summarySince(String baseline) {
    SecurityBaseline b = admin.resources(SecurityBaseline.class).withName(baseline).get();
    if (b == null || b.getStatus() == null || b.getStatus().getSummary() == null) {
      return null;
    }
    var vulnerabilities = b.getStatus().getSummary().getVulnerabilities();
    return vulnerabilities == null ? null : vulnerabilities.getOldestOpenCriticalSince();
  }

  /** The value of one series on the operator's {@code /metrics}, or null when absent. */
  private static Double scrapeValue(MetricsServer server, String series) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(response.body());
    return m.find() ? Double.parseDouble(m.group(1)) : null;
  }

  /** Brings the store up to date, then tells whether the entry is closed (or open) as expected. */
  private static boolean keepAndCheck(Instance op, Scenario s, boolean closed) {
    op.operator.keepFirstSeen();
    FirstSeenEntry e = s.entry();
    return e != null && (e.getClosedAt() != null) == closed;
  }

  private static void keepUntil(Instance op, java.util.concurrent.Callable<Boolean> condition) {
    await()
        .atMost(WAIT)
        .until(
            () -> {
              op.operator.keepFirstSeen();
              return condition.call();
            });
  }

  private static long breaches(String baseline) {
    SecurityBaseline b = admin.resources(SecurityBaseline.class).withName(baseline).get();
    if (b == null || b.getStatus() == null || b.getStatus().getControls() == null) {
      return 0;
    }
    return b.getStatus().getControls().stream()
        .filter(c -> c.getName().equals("vulnerabilities"))
        .map(ControlStatus::getFindings)
        .filter(Objects::nonNull)
        .mapToLong(f -> f.getHigh())
        .sum();
  }

  /** One namespace, one baseline, one image repository of its own, one CVE. */
  private static final class Scenario {
    final MutableClock clock = new MutableClock();
    final Instant t0 = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    final String ns = unique("vuln");
    final String repository = "org/" + unique("app");
    final String baseline = unique("vuln");
    final String severity;

    Scenario() {
      this("HIGH");
    }

    /** With the severity its one CVE has. */
    Scenario(String severity) {
      this.severity = severity;
      String label = unique("vuln");
      namespace(admin, ns, Map.of(label, "true"));
      admin
          .resource(
              Fixtures.baseline(
                  """
                  apiVersion: rempart.dev/v1alpha1
                  kind: SecurityBaseline
                  metadata: {name: %s}
                  spec:
                    namespaceSelector: {matchLabels: {%s: "true"}}
                    vulnerabilities: {}
                  """
                      .formatted(baseline, label)))
          .create();
    }

    void report(String tag, Instant scannedAt) {
      admin.resource(reportObject(tag, scannedAt)).create();
    }

    /** The whole report, as Trivy Operator writes it (the CRD requires fields Rempart drops). */
    GenericKubernetesResource reportObject(String tag, Instant scannedAt) {
      return admin
          .getKubernetesSerialization()
          .unmarshal(
              """
                  apiVersion: aquasecurity.github.io/v1alpha1
                  kind: VulnerabilityReport
                  metadata:
                    name: replicaset-web-app
                    namespace: %s
                    labels:
                      trivy-operator.resource.kind: ReplicaSet
                      trivy-operator.resource.name: web
                      trivy-operator.resource.namespace: %s
                      trivy-operator.container.name: app
                  report:
                    updateTimestamp: '%s'
                    registry: {server: ghcr.io}
                    artifact: {repository: %s, tag: '%s'}
                    os: {family: debian}
                    scanner: {name: Trivy, vendor: Aqua Security, version: 0.50.0}
                    summary: {criticalCount: 0, highCount: 1, mediumCount: 0, lowCount: 0, unknownCount: 0}
                    vulnerabilities:
                    - {vulnerabilityID: CVE-2026-0001, severity: %s, score: 7.5, resource: openssl,
                       installedVersion: 3.0.1, fixedVersion: 3.0.8, title: t, primaryLink: 'https://x',
                       publishedDate: '2026-01-01T00:00:00Z', lastModifiedDate: '2026-01-02T00:00:00Z'}
                  """
                  .formatted(ns, ns, scannedAt, repository, tag, severity),
              GenericKubernetesResource.class);
    }

    FirstSeenEntry entry() {
      String key = "ghcr.io/" + repository;
      VulnerabilityFirstSeen shard =
          admin
              .resources(VulnerabilityFirstSeen.class)
              .withName(FirstSeenShards.nameFor(key))
              .get();
      if (shard == null || shard.getSpec() == null || shard.getSpec().getEntries() == null) {
        return null;
      }
      return shard.getSpec().getEntries().stream()
          .filter(e -> e.getRepository().equals(key))
          .findFirst()
          .orElse(null);
    }
  }

  /** One operator instance under the chart's RBAC, with or without leader election. */
  private static final class Instance implements AutoCloseable {
    final KubernetesClient client;
    final RempartOperator operator;
    private boolean closed;

    private Instance(KubernetesClient client, RempartOperator operator) {
      this.client = client;
      this.operator = operator;
    }

    static Instance start(Clock clock, String lease) {
      KubernetesClient client =
          new KubernetesClientBuilder()
              .withConfig(subject.impersonating(ControlPlane.config()))
              .build();
      OperatorSettings settings =
          new OperatorSettings(Duration.ofMinutes(10), 4, clock).withOnLeaseLost(() -> {});
      RempartOperator operator =
          RempartOperator.start(
              client, settings, lease == null ? null : subject.namespace(), lease);
      if (lease == null) {
        await().atMost(WAIT).until(operator::isReady);
      }
      return new Instance(client, operator);
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        operator.close();
        client.close();
      }
    }
  }

  /** The real time, which the test can move forward. */
  static final class MutableClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    void advance(Duration d) {
      offset = offset.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }
  }

  private static void installTrivyCrd() throws IOException {
    Path file = ControlPlane.repositoryRoot().resolve(TRIVY_STATIC);
    String crdName = VulnerabilityReport.CRD_NAME;
    for (String doc : Files.readString(file).split("(?m)^---\\s*$")) {
      if (!doc.contains("name: " + crdName)) {
        continue;
      }
      GenericKubernetesResource generic =
          admin.getKubernetesSerialization().unmarshal(doc, GenericKubernetesResource.class);
      if (!"CustomResourceDefinition".equals(generic.getKind())) {
        continue;
      }
      CustomResourceDefinition crd =
          admin.getKubernetesSerialization().unmarshal(doc, CustomResourceDefinition.class);
      admin.resource(crd).forceConflicts().serverSideApply();
      await()
          .atMost(WAIT)
          .until(
              () -> {
                CustomResourceDefinition c =
                    admin.apiextensions().v1().customResourceDefinitions().withName(crdName).get();
                return c != null
                    && c.getStatus() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x -> "Established".equals(x.getType()) && "True".equals(x.getStatus()));
              });
      return;
    }
    throw new IllegalStateException(crdName + " not found in " + file);
  }
}
