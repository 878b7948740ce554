package dev.rempart.operator.policyreports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReportWriterTest {
  private static final ReportKey KEY = new ReportKey(ReportFormat.OPENREPORTS, false, "shop", "r");
  private final List<String> sent = new CopyOnWriteArrayList<>();

  @Test
  void aReportChangedTwiceWhileItsWriteIsInFlightIsWrittenOnceMoreAsItIsLast() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ReportWriter writer =
        new ReportWriter(
            2,
            manifest -> {
              firstStarted.countDown();
              waitFor(release);
              sent.add(manifest.baseline());
              return null;
            },
            key -> null)) {
      writer.write(KEY, "v1", () -> manifest("v1"));
      assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
      writer.write(KEY, "v2", () -> manifest("v2"));
      writer.write(KEY, "v3", () -> manifest("v3"));
      assertThat(writer.pending("v3")).isEqualTo(1);
      release.countDown();

      await().atMost(Duration.ofSeconds(5)).until(() -> sent.size() == 2);
      assertThat(sent).containsExactly("v1", "v3");
      await().atMost(Duration.ofSeconds(5)).until(() -> writer.pending("v3") == 0);
    }
  }

  @Test
  void aFailedWriteIsReportedOnceAndRetriedAtTheNextPublication() {
    boolean[] fail = {true};
    try (ReportWriter writer =
        new ReportWriter(
            1,
            manifest -> {
              if (fail[0]) {
                return "refused";
              }
              sent.add(manifest.baseline());
              return null;
            },
            key -> null)) {
      writer.write(KEY, "b", () -> manifest("b"));
      await().atMost(Duration.ofSeconds(5)).until(() -> writer.pending("b") == 0);
      assertThat(writer.takeError("b")).isEqualTo("refused");
      assertThat(writer.takeError("b")).isNull();

      fail[0] = false;
      writer.retryFailed("b");
      await().atMost(Duration.ofSeconds(5)).until(() -> sent.contains("b"));
    }
  }

  /** A manifest whose baseline field carries the version, so the test can tell writes apart. */
  private static ReportManifest manifest(String version) {
    return new ReportManifest(KEY, version, null, 0, null, "hash-" + version);
  }

  private static void waitFor(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
