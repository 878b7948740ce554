package dev.rempart.operator.policyreports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rempart.operator.WritePriority;
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

  @Test
  void aReportWaitsWhileAnApplyIsQueuedAndIsWrittenOnceItIsDone() throws Exception {
    WritePriority priority = new WritePriority(Duration.ofSeconds(30));
    try (ReportWriter writer = recording(priority)) {
      priority.queued(); // a repair waits for a free apply thread
      writer.write(KEY, "b", () -> manifest("b"));
      await().atMost(Duration.ofSeconds(5)).until(() -> priority.waits() == 1);
      Thread.sleep(200);
      assertThat(sent).as("no report write starts while the repair is pending").isEmpty();

      priority.done();
      await().atMost(Duration.ofSeconds(5)).until(() -> sent.contains("b"));
    }
  }

  @Test
  void aReportChangedWhileWaitingForItsTurnIsWrittenOnceAsItIsLast() throws Exception {
    WritePriority priority = new WritePriority(Duration.ofSeconds(30));
    try (ReportWriter writer = recording(priority)) {
      priority.queued();
      writer.write(KEY, "v1", () -> manifest("v1"));
      await().atMost(Duration.ofSeconds(5)).until(() -> priority.waits() == 1);
      writer.write(KEY, "v2", () -> manifest("v2"));
      priority.done();
      await().atMost(Duration.ofSeconds(5)).until(() -> writer.pending("v2") == 0);
      assertThat(sent).containsExactly("v2");
    }
  }

  @Test
  void underSteadyAppliesAReportIsDelayedByTheBoundedWaitNotStarved() {
    WritePriority priority = new WritePriority(Duration.ofMillis(300));
    try (ReportWriter writer = recording(priority)) {
      priority.queued(); // never done: applies keep coming
      long start = System.nanoTime();
      writer.write(KEY, "b", () -> manifest("b"));
      await().atMost(Duration.ofSeconds(5)).until(() -> sent.contains("b"));
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
  }

  private ReportWriter recording(WritePriority priority) {
    return new ReportWriter(
        1,
        manifest -> {
          sent.add(manifest.baseline());
          return null;
        },
        key -> null,
        priority);
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
