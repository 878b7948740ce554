package dev.rempart.core.controls.vulnerabilities;

import static dev.rempart.core.controls.vulnerabilities.Reports.cve;
import static dev.rempart.core.controls.vulnerabilities.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.trivy.VulnerabilityReport;
import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.api.v1alpha1.VulnerabilityFirstSeen;
import dev.rempart.core.ControlContext;
import dev.rempart.core.ControlResult;
import dev.rempart.core.Evidence;
import dev.rempart.core.Finding;
import dev.rempart.core.OldestOpen;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import dev.rempart.core.Snapshot;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VulnerabilitiesControlTest {
  private static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");
  private final VulnerabilitiesControl control = new VulnerabilitiesControl();

  @Test
  void aCriticalFixablePastThirtyDaysIsBreachedWithDueDateAndDelay() {
    VulnerabilityReport r =
        report(
            "shop",
            "deploy-web-app",
            "web",
            "org/web",
            "1.0",
            "2026-05-01T00:00:00Z",
            cve("CVE-2026-1", "CRITICAL", "openssl", "3.0.8"));
    ControlResult result = evaluate("", List.of(r));
    assertThat(result.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.check()).isEqualTo("slaBreached");
              assertThat(f.clause()).isEqualTo("4.7.3");
              assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(f.resource())
                  .isEqualTo(new ResourceRef("apps/v1", "Deployment", "shop", "web"));
              assertThat(f.message())
                  .contains("image ghcr.io/org/web:1.0 (container app)")
                  .contains("CVE-2026-1 in openssl 1.0, fixed in 3.0.8, due 2026-05-31")
                  .contains("30 days overdue")
                  .contains("report's scan time");
            });
    assertThat(result.evidence())
        .singleElement()
        .extracting(Evidence::status)
        .isEqualTo(Evidence.Status.NON_COMPLIANT);
  }

  @Test
  void dueSoonAndUnfixableAreAdvisoryAndApart() {
    VulnerabilityReport r =
        report(
            "shop",
            "r",
            "web",
            "org/web",
            "1.0",
            "2026-06-05T00:00:00Z",
            cve("CVE-A", "HIGH", "zlib", "1.3"),
            cve("CVE-B", "CRITICAL", "glibc", ""),
            cve("CVE-C", "MEDIUM", "curl", "8.0"));
    ControlResult result = evaluate("", List.of(r));
    assertThat(result.findings())
        .extracting(Finding::check)
        .containsExactlyInAnyOrder("dueSoon", "unfixable");
    assertThat(result.findings()).allSatisfy(f -> assertThat(control.advisory(f)).isTrue());
    assertThat(result.findings())
        .filteredOn(f -> f.check().equals("dueSoon"))
        .singleElement()
        .satisfies(
            f -> assertThat(f.message()).contains("CVE-A").contains("due 2026-07-05 (in 5 days)"));
    assertThat(result.evidence().get(0).status()).isEqualTo(Evidence.Status.COMPLIANT);
    // CVE-A is due in 5 days (4.5, rounded up) until 07-01T00:00, when it is due in 4.
    assertThat(result.revisitAt()).isEqualTo(Instant.parse("2026-07-01T00:00:00Z"));
  }

  @Test
  void theStoreClockWinsOverTheReportsOwnTime() {
    // The report was re-created yesterday; the store saw the CVE 40 days ago.
    VulnerabilityReport r =
        report(
            "shop",
            "r",
            "web",
            "org/web",
            "2.0",
            "2026-06-29T00:00:00Z",
            cve("CVE-1", "HIGH", "openssl", "3.0.8"));
    VulnerabilityFirstSeen store =
        storeWith("ghcr.io/org/web", "CVE-1", "openssl", "2026-05-21T12:00:00Z", null, null, null);
    ControlResult result = evaluate("", List.of(r, store));
    assertThat(result.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.check()).isEqualTo("slaBreached");
              assertThat(f.message()).contains("due 2026-06-20").doesNotContain("scan time");
            });
  }

  @Test
  void reappearanceRuleDecidesWhetherEarlierOpenDaysCount() {
    // Open 20 days, gone, back 10 days ago: Resume counts 30 days, Restart 10.
    VulnerabilityReport r =
        report(
            "shop",
            "r",
            "web",
            "org/web",
            "2.0",
            "2026-06-20T12:00:00Z",
            cve("CVE-1", "CRITICAL", "openssl", "3.0.8"));
    VulnerabilityFirstSeen store =
        storeWith(
            "ghcr.io/org/web",
            "CVE-1",
            "openssl",
            "2026-01-01T00:00:00Z",
            "2026-06-20T12:00:00Z",
            20L * 86400,
            null);
    assertThat(evaluate("", List.of(r, store)).findings())
        .extracting(Finding::check)
        .containsExactly("slaBreached");
    assertThat(evaluate("reappearance: Restart", List.of(r, store)).findings()).isEmpty();
  }

  @Test
  void theOldestOpenCriticalCountsFromTheStoresFirstSeenNotTheReportsTime() {
    // Rescanned yesterday; the store saw CVE-OLD 12 days ago, within its 30 days: no finding, but
    // the oldest open critical. An older unfixable critical and an older high do not count.
    VulnerabilityReport r =
        report(
            "shop",
            "r",
            "web",
            "org/web",
            "2.0",
            "2026-06-29T00:00:00Z",
            cve("CVE-OLD", "CRITICAL", "openssl", "3.0.8"),
            cve("CVE-NEW", "CRITICAL", "curl", "8.0"),
            cve("CVE-NOFIX", "CRITICAL", "glibc", ""),
            cve("CVE-HIGH", "HIGH", "zlib", "1.3"));
    List<HasMetadata> objects = new ArrayList<>(List.of(r));
    objects.add(
        storeWith(
            "ghcr.io/org/web",
            List.of(
                entry("CVE-OLD", "openssl", "2026-06-18T12:00:00Z"),
                entry("CVE-NOFIX", "glibc", "2026-01-01T00:00:00Z"),
                entry("CVE-HIGH", "zlib", "2026-01-01T00:00:00Z"))));
    ControlResult result = evaluate("", objects);
    assertThat(result.findings())
        .extracting(Finding::check)
        .containsExactlyInAnyOrder("unfixable", "slaBreached");
    assertThat(result.evidence())
        .singleElement()
        .extracting(Evidence::oldestOpenCritical)
        .isEqualTo(
            new OldestOpen(
                "CVE-OLD (openssl) in ghcr.io/org/web", Instant.parse("2026-06-18T12:00:00Z")));
  }

  @Test
  void noOpenCriticalWithAFixLeavesNoOldest() {
    VulnerabilityReport r =
        report(
            "shop",
            "r",
            "web",
            "org/web",
            "2.0",
            "2026-06-29T00:00:00Z",
            cve("CVE-NOFIX", "CRITICAL", "glibc", ""),
            cve("CVE-HIGH", "HIGH", "zlib", "1.3"));
    assertThat(evaluate("", List.of(r)).evidence())
        .singleElement()
        .extracting(Evidence::oldestOpenCritical)
        .isNull();
  }

  private static dev.rempart.api.v1alpha1.FirstSeenEntry entry(
      String id, String pkg, String first) {
    return new dev.rempart.api.v1alpha1.FirstSeenEntry(
        "ghcr.io/org/web", id, pkg, first, null, null, null);
  }

  static VulnerabilityFirstSeen storeWith(
      String repository, List<dev.rempart.api.v1alpha1.FirstSeenEntry> entries) {
    return FirstSeenLedger.shard(FirstSeenShards.nameFor(repository), entries);
  }

  @Test
  void severityFromScoreWhenAsked() {
    VulnerabilityReport r =
        report(
            "shop",
            "r",
            "web",
            "org/web",
            "1",
            "2026-04-01T00:00:00Z",
            "{vulnerabilityID: CVE-1, severity: LOW, score: 9.8, resource: a, fixedVersion: '2'}");
    assertThat(evaluate("", List.of(r)).findings()).isEmpty();
    assertThat(evaluate("severityFrom: Score", List.of(r)).findings())
        .singleElement()
        .extracting(Finding::severity)
        .isEqualTo(Severity.CRITICAL);
  }

  @Test
  void aNamespaceWithWorkloadsButNoReportIsNotVerifiable() {
    List<HasMetadata> objects =
        ManifestReader.parse(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              selector: {matchLabels: {a: b}}
              template:
                metadata: {labels: {a: b}}
                spec: {containers: [{name: app, image: 'ghcr.io/org/web:1'}]}
            """);
    ControlResult result = evaluate("", new ArrayList<>(objects));
    assertThat(result.findings()).isEmpty();
    assertThat(result.evidence())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(Evidence.Status.NOT_VERIFIABLE);
              assertThat(e.reason()).contains("no VulnerabilityReport");
            });
  }

  @Test
  void aLongListIsCutAndOneFindingPerSeverity() {
    List<String> cves = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      cves.add(cve("CVE-" + i, i % 2 == 0 ? "HIGH" : "CRITICAL", "p" + i, "2"));
    }
    VulnerabilityReport r =
        report(
            "shop",
            "r",
            "web",
            "org/web",
            "1",
            "2026-01-01T00:00:00Z",
            cves.toArray(String[]::new));
    List<Finding> findings = evaluate("", List.of(r)).findings();
    assertThat(findings)
        .extracting(Finding::severity)
        .containsExactlyInAnyOrder(Severity.CRITICAL, Severity.HIGH);
    assertThat(findings)
        .filteredOn(f -> f.severity() == Severity.HIGH)
        .singleElement()
        .satisfies(
            f -> assertThat(f.message()).startsWith("7 high vulnerabilities past their SLA"));
  }

  @Test
  void enforceIsIgnored() {
    assertThat(new dev.rempart.api.v1alpha1.VulnerabilitiesSpec().effectiveMode(Mode.Enforce))
        .isEqualTo(Mode.Audit);
  }

  static VulnerabilityFirstSeen storeWith(
      String repository,
      String id,
      String pkg,
      String first,
      String openSince,
      Long prior,
      String closed) {
    var entry =
        new dev.rempart.api.v1alpha1.FirstSeenEntry(
            repository, id, pkg, first, openSince, prior, closed);
    return FirstSeenLedger.shard(FirstSeenShards.nameFor(repository), List.of(entry));
  }

  private ControlResult evaluate(String settings, List<HasMetadata> objects) {
    SecurityBaseline baseline =
        (SecurityBaseline)
            ManifestReader.parse(
                    """
                    apiVersion: rempart.dev/v1alpha1
                    kind: SecurityBaseline
                    metadata: {name: b, uid: u}
                    spec:
                      namespaceSelector: {}
                      vulnerabilities: {%s}
                    """
                        .formatted(settings))
                .get(0);
    Namespace shop =
        new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build();
    List<HasMetadata> all = new ArrayList<>(objects);
    all.add(shop);
    return control.evaluate(
        new ControlContext(
            baseline, Mode.Audit, List.of(shop), Snapshot.builder().addAll(all).build(), NOW));
  }
}
