package dev.rempart.core.controls.vulnerabilities;

import static dev.rempart.core.controls.vulnerabilities.Reports.cve;
import static dev.rempart.core.controls.vulnerabilities.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.trivy.VulnerabilityReport;
import dev.rempart.api.v1alpha1.FirstSeenEntry;
import dev.rempart.api.v1alpha1.VulnerabilityFirstSeen;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store's next state: what survives what. */
class FirstSeenLedgerTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  private static VulnerabilityReport web(String tag, String scannedAt) {
    return report(
        "shop",
        "r-" + tag,
        "web",
        "org/web",
        tag,
        scannedAt,
        cve("CVE-1", "HIGH", "openssl", "3.0.8"));
  }

  private static List<VulnerabilityFirstSeen> advance(
      List<VulnerabilityFirstSeen> store, List<VulnerabilityReport> reports, Instant now) {
    return FirstSeenLedger.advance(store, reports, now).shards();
  }

  private static FirstSeenEntry only(List<VulnerabilityFirstSeen> store) {
    return store.stream()
        .flatMap(s -> s.getSpec().getEntries().stream())
        .reduce(
            (a, b) -> {
              throw new AssertionError("more than one entry");
            })
        .orElseThrow();
  }

  @Test
  void firstSeenIsTheEarliestScanNeverLaterThanNow() {
    var store = advance(List.of(), List.of(web("1", "2026-02-20T00:00:00Z")), T0);
    assertThat(only(store).getFirstSeen()).isEqualTo("2026-02-20T00:00:00Z");
    assertThat(only(store).getRepository()).isEqualTo("ghcr.io/org/web");
    assertThat(store)
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.getMetadata().getName())
                    .isEqualTo(FirstSeenShards.nameFor("ghcr.io/org/web")));
    var future = advance(List.of(), List.of(web("1", "2027-01-01T00:00:00Z")), T0);
    assertThat(only(future).getFirstSeen()).isEqualTo(T0.toString());
  }

  @Test
  void survivesTheReportDeletedAndRecreated() {
    var store = advance(List.of(), List.of(web("1", "2026-02-20T00:00:00Z")), T0);
    // The report is deleted: the CVE is in no report, its clock stops...
    store = advance(store, List.of(), T0.plus(Duration.ofHours(1)));
    assertThat(only(store).getClosedAt()).isEqualTo("2026-03-01T01:00:00Z");
    // ...and re-created by the rescan an hour later, with a new scan time: it never went.
    store = advance(store, List.of(web("1", "2026-03-01T02:00:00Z")), T0.plus(Duration.ofHours(2)));
    FirstSeenEntry e = only(store);
    assertThat(e.getFirstSeen()).isEqualTo("2026-02-20T00:00:00Z");
    assertThat(e.getOpenSince()).isNull();
    assertThat(e.getClosedAt()).isNull();
  }

  @Test
  void aNewTagOfTheSameRepositoryKeepsTheClock() {
    var store = advance(List.of(), List.of(web("1", "2026-02-20T00:00:00Z")), T0);
    store = advance(store, List.of(web("2", "2026-03-05T00:00:00Z")), T0.plusSeconds(86400 * 5));
    assertThat(only(store).getFirstSeen()).isEqualTo("2026-02-20T00:00:00Z");
    assertThat(only(store).getClosedAt()).isNull();
  }

  @Test
  void aReturnAfterTheGraceOpensANewPeriodAndRemembersTheOld() {
    var store = advance(List.of(), List.of(web("1", "2026-02-20T00:00:00Z")), T0);
    store = advance(store, List.of(), T0); // gone: open 9 days (from 02-20)
    Instant back = T0.plus(Duration.ofDays(10));
    store = advance(store, List.of(web("2", back.toString())), back);
    FirstSeenEntry e = only(store);
    assertThat(e.getOpenSince()).isEqualTo(back.toString());
    assertThat(e.getPriorOpenSeconds()).isEqualTo(Duration.ofDays(9).getSeconds());
    assertThat(e.getClosedAt()).isNull();
  }

  @Test
  void closedEntriesArePrunedAYearAfterTheFix() {
    var store = advance(List.of(), List.of(web("1", "2026-02-20T00:00:00Z")), T0);
    store = advance(store, List.of(), T0);
    assertThat(advance(store, List.of(), T0.plus(Duration.ofDays(365)))).hasSize(1);
    var pruned = advance(store, List.of(), T0.plus(Duration.ofDays(366)));
    assertThat(pruned)
        .singleElement()
        .satisfies(s -> assertThat(s.getSpec().getEntries()).isEmpty());
  }

  @Test
  void aFullShardKeepsTheOldestOpenClocks() {
    String[] cves = new String[FirstSeenShards.MAX_ENTRIES + 5];
    for (int i = 0; i < cves.length; i++) {
      cves[i] = cve("CVE-" + i, "LOW", "p", "2");
    }
    VulnerabilityReport old =
        report("shop", "a", "web", "org/web", "1", "2026-01-01T00:00:00Z", cves[0]);
    var store = advance(List.of(), List.of(old), T0);
    VulnerabilityReport many =
        report("shop", "b", "web", "org/web", "2", "2026-02-28T00:00:00Z", cves);
    var next = FirstSeenLedger.advance(store, List.of(old, many), T0);
    assertThat(next.dropped()).isEqualTo(5);
    assertThat(next.shards().get(0).getSpec().getEntries())
        .hasSize(FirstSeenShards.MAX_ENTRIES)
        .anySatisfy(e -> assertThat(e.getVulnerabilityID()).isEqualTo("CVE-0"));
  }
}
