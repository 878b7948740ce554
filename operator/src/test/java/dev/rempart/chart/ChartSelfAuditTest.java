package dev.rempart.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rempart passes its own audit: {@code helm template} of the chart, audited with the addendum's
 * baseline (every control), has no finding at {@code low} or above. The namespace is rendered
 * labelled ({@code namespace.create}) and the bindings carry today's review date ({@code
 * rbac.reviewedAt}), as an installation that follows docs/install.md does.
 */
class ChartSelfAuditTest {
  @TempDir Path dir;

  @Test
  void theChartPassesTheAddendumsBaselineWithNoFindingAtLowOrAbove() throws Exception {
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    String rendered =
        Helm.binary()
            .template(
                "rempart",
                "rempart-system",
                "--set=namespace.create=true",
                "--set=rbac.reviewedAt=" + today);
    Path manifests = Files.writeString(dir.resolve("chart.yaml"), rendered);

    CliRun.Result audit =
        CliRun.run(
            cli -> {},
            "audit",
            "-f",
            manifests.toString(),
            "--fail-on",
            "low",
            // The chart is the platform's own: every finding counts, its namespace's too.
            "--scope",
            "all");

    assertThat(audit.exitCode()).as(audit.out() + audit.err()).isZero();
    assertThat(audit.out()).contains("PASS: no findings");
  }

  @Test
  void withoutItsNetworkPoliciesTheChartWouldFailClause44() throws Exception {
    String rendered =
        Helm.binary()
            .template(
                "rempart",
                "rempart-system",
                "--set=namespace.create=true",
                "--set=networkPolicy.enabled=false",
                "--set=rbac.reviewedAt=" + LocalDate.now(ZoneOffset.UTC));
    Path manifests = Files.writeString(dir.resolve("chart.yaml"), rendered);

    CliRun.Result audit =
        CliRun.run(
            cli -> {},
            "audit",
            "-f",
            manifests.toString(),
            "--fail-on",
            "low",
            // The chart is the platform's own: every finding counts, its namespace's too.
            "--scope",
            "all");

    assertThat(audit.exitCode()).isEqualTo(1);
    assertThat(audit.out()).contains("network/defaultDeny");
  }
}
