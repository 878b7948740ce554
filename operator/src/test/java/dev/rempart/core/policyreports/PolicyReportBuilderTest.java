package dev.rempart.core.policyreports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rempart.api.v1alpha1.Mode;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.EvaluationResult.ControlRun;
import dev.rempart.core.Finding;
import dev.rempart.core.Governance;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import dev.rempart.core.policyreports.ReportEntry.Outcome;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyReportBuilderTest {
  private static final List<ControlRun> CONTROLS =
      List.of(
          new ControlRun("network", "4.4", Mode.Enforce),
          new ControlRun("podSecurity", "4.5", Mode.Audit));

  @Test
  void eachGovernedNamespaceGetsAReportWithFailsSkipsAndAPassPerQuietControl() {
    Finding open = podFinding("team-a", "web", "privileged", Severity.CRITICAL);
    Finding excepted =
        Finding.of(
                "network",
                "defaultDeny",
                "4.4",
                Severity.HIGH,
                ResourceRef.namespace("team-a"),
                "no default deny")
            .withExceptedBy("legacy-flows");
    EvaluationResult result = result(List.of("team-a", "team-b"), List.of(open, excepted));

    List<ReportContent> reports = PolicyReportBuilder.build(result, List.of(open), 100);

    assertThat(reports).extracting(ReportContent::namespace).containsExactly("team-a", "team-b");
    ReportContent teamA = reports.get(0);
    assertThat(teamA.summary()).isEqualTo(new ReportContent.Summary(0, 1, 1));
    assertThat(teamA.entries())
        .extracting(ReportEntry::outcome, ReportEntry::rule, ReportEntry::category)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Outcome.FAIL, "podSecurity/privileged", "4.5"),
            org.assertj.core.groups.Tuple.tuple(Outcome.SKIP, "network/defaultDeny", "4.4"));
    assertThat(teamA.entries().get(1).properties()).containsEntry("exception", "legacy-flows");
    assertThat(teamA.entries().get(1).subject()).isEqualTo(ResourceRef.namespace("team-a"));

    ReportContent teamB = reports.get(1);
    assertThat(teamB.summary()).isEqualTo(new ReportContent.Summary(2, 0, 0));
    assertThat(teamB.entries())
        .extracting(ReportEntry::outcome, ReportEntry::rule, ReportEntry::subject)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Outcome.PASS, "network", null),
            org.assertj.core.groups.Tuple.tuple(Outcome.PASS, "podSecurity", null));
  }

  @Test
  void aFindingRempartFixedIsNotReportedAndItsControlPasses() {
    Finding fixed =
        Finding.of(
            "network",
            "defaultDeny",
            "4.4",
            Severity.HIGH,
            ResourceRef.namespace("team-a"),
            "no default deny");

    List<ReportContent> reports =
        PolicyReportBuilder.build(result(List.of("team-a"), List.of(fixed)), List.of(), 100);

    assertThat(reports.get(0).summary()).isEqualTo(new ReportContent.Summary(2, 0, 0));
  }

  @Test
  void clusterScopedFindingsGoToAClusterReportThatExistsOnlyWhenNeeded() {
    Finding binding =
        Finding.of(
            "accessControl",
            "clusterAdmin",
            "4.1",
            Severity.CRITICAL,
            new ResourceRef("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", null, "ops"),
            "cluster-admin to a person");
    Finding elsewhere = podFinding("not-governed", "db", "hostPath", Severity.HIGH);

    List<ReportContent> withFindings =
        PolicyReportBuilder.build(
            result(List.of("team-a"), List.of(binding, elsewhere)),
            List.of(binding, elsewhere),
            100);
    List<ReportContent> without =
        PolicyReportBuilder.build(result(List.of("team-a"), List.of()), List.of(), 100);

    assertThat(withFindings).extracting(ReportContent::namespace).containsExactly("team-a", null);
    ReportContent cluster = withFindings.get(1);
    assertThat(cluster.summary()).isEqualTo(new ReportContent.Summary(0, 2, 0));
    assertThat(cluster.entries()).allMatch(e -> e.outcome() == Outcome.FAIL);
    assertThat(without).extracting(ReportContent::namespace).containsExactly("team-a");
  }

  @Test
  void aReportKeepsTheMostSevereResultsUpToTheCapAndCountsThemAll() {
    List<Finding> findings = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      findings.add(podFinding("team-a", "pod-" + i, "runAsNonRoot", Severity.MEDIUM));
    }
    findings.add(0, podFinding("team-a", "root", "privileged", Severity.CRITICAL));

    ReportContent report =
        PolicyReportBuilder.build(result(List.of("team-a"), findings), findings, 10).get(0);

    assertThat(report.entries()).hasSize(10);
    assertThat(report.entries().get(0).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(report.summary()).isEqualTo(new ReportContent.Summary(1, 31, 0));
    assertThat(report.omitted()).isEqualTo(22);
  }

  @Test
  void longMessagesAreCut() {
    Finding wordy =
        Finding.of(
            "podSecurity",
            "privileged",
            "4.5",
            Severity.HIGH,
            new ResourceRef("v1", "Pod", "team-a", "p"),
            "x".repeat(5000));

    ReportEntry entry =
        PolicyReportBuilder.build(result(List.of("team-a"), List.of(wordy)), List.of(wordy), 5)
            .get(0)
            .entries()
            .get(0);

    assertThat(entry.message()).hasSize(PolicyReportBuilder.MAX_MESSAGE).endsWith("…");
  }

  @Test
  void aCapBelowOneIsRefused() {
    assertThatThrownBy(() -> PolicyReportBuilder.build(result(List.of(), List.of()), List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxResults");
  }

  private static Finding podFinding(String ns, String name, String check, Severity severity) {
    return Finding.of(
        "podSecurity",
        check,
        "4.5",
        severity,
        new ResourceRef("apps/v1", "Deployment", ns, name),
        check + " broken in " + name);
  }

  private static EvaluationResult result(List<String> governed, List<Finding> findings) {
    List<Namespace> namespaces =
        governed.stream()
            .map(n -> new NamespaceBuilder().withNewMetadata().withName(n).endMetadata().build())
            .toList();
    return new EvaluationResult(
        "addendum",
        Instant.parse("2026-11-28T10:00:00Z"),
        new Governance(namespaces, List.of()),
        CONTROLS,
        findings.stream().sorted(Finding.ORDER).toList(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of());
  }
}
