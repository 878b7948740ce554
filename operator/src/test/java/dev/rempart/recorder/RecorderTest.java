package dev.rempart.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rempart.record.ChainHead;
import dev.rempart.record.EventType;
import dev.rempart.record.ObjectRef;
import dev.rempart.record.RecordEntry;
import dev.rempart.record.RecordEvent;
import dev.rempart.record.RecordVerifier;
import dev.rempart.record.Verification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RecorderTest {
  private static final RecorderSettings SLOW =
      new RecorderSettings(500, Duration.ofHours(1), 100_000);

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final InMemoryChainHeadStore store = new InMemoryChainHeadStore();

  private Recorder start(RecorderSettings settings, RecordSink... extra) throws IOException {
    List<RecordSink> sinks = new ArrayList<>(List.of(extra));
    sinks.add(new StandardOutputSink(new PrintStream(stdout, true, StandardCharsets.UTF_8)));
    return Recorder.start(store, sinks, Clock.systemUTC(), settings);
  }

  private static RecordEvent written(int i) {
    return RecordEvent.of(
        EventType.OBJECT_WRITTEN,
        "saas-addendum",
        "4.4",
        new ObjectRef("networking.k8s.io/v1", "NetworkPolicy", "ns-" + i, "rempart-default-deny"),
        Map.of("action", "created"));
  }

  private List<String> lines() {
    return stdout.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private Verification verifyStdout(ChainHead... anchors) {
    RecordVerifier verifier = new RecordVerifier(List.of(anchors), false);
    List<String> lines = lines();
    for (int i = 0; i < lines.size(); i++) {
      verifier.line("stdout:" + (i + 1), lines.get(i));
    }
    return verifier.finish();
  }

  @Test
  void aFirstStartSaysSoThenRecordsEachEventAsAChainedLine() throws IOException {
    try (Recorder recorder = start(SLOW)) {
      recorder.record(written(1));
      recorder.record(written(2));
      recorder.flushAll();

      Verification result = verifyStdout();
      assertThat(result.intact()).as("%s", result.problems()).isTrue();
      assertThat(result.entries()).isEqualTo(3);
      assertThat(result.gaps()).singleElement().asString().contains("no chain head in memory");
      assertThat(store.load()).contains(recorder.head());
      assertThat(recorder.head().seq()).isEqualTo(3);
    }
  }

  @Test
  void aLeaderThatLostItsLeaseWritesNothingMoreNotEvenWhatIsQueued() throws IOException {
    Recorder deposed = start(SLOW);
    deposed.flushAll(); // the first start's gap is written while it still leads
    long headBefore = deposed.head().seq();
    deposed.record(written(1));
    deposed.record(written(2));

    deposed.abandon();

    assertThat(verifyStdout().entries()).isEqualTo((int) headBefore);
    assertThat(store.load()).get().extracting(h -> h.seq()).isEqualTo(headBefore);
  }

  @Test
  void theChainContinuesAcrossARestartWithoutAGap() throws IOException {
    try (Recorder first = start(SLOW)) {
      first.record(written(1));
    }
    try (Recorder second = start(SLOW)) {
      second.record(written(2));
    }

    Verification result = verifyStdout();
    assertThat(result.intact()).as("%s", result.problems()).isTrue();
    assertThat(result.entries()).isEqualTo(3);
    assertThat(result.gaps()).hasSize(1);
  }

  @Test
  void aHeadThatCannotBeReadIsRecordedAsAGapNeverSkipped() throws IOException {
    try (Recorder first = start(SLOW)) {
      first.record(written(1));
    }
    store.failReads("configmaps \"rempart-record-head\" is forbidden");
    try (Recorder second = start(SLOW)) {
      second.record(written(2));
    }

    Verification result = verifyStdout();
    assertThat(result.intact()).as("%s", result.problems()).isTrue();
    assertThat(result.gaps()).hasSize(2);
    assertThat(result.gaps().get(1))
        .contains("stdout:3", "could not be read from memory", "forbidden", "a new chain starts");
  }

  @Test
  void aBatchASinkRefusedIsWrittenWholeAtTheNextFlush() throws IOException {
    FlakySink flaky = new FlakySink(true);
    try (Recorder recorder = start(SLOW, flaky)) {
      recorder.record(written(1));
      assertThatThrownBy(recorder::flushAll).hasMessageContaining("flaky: unreachable");
      assertThat(lines()).isEmpty();
      assertThat(recorder.waiting()).isEqualTo(2);
      flaky.down = false;

      recorder.record(written(2));
      recorder.flushAll();
    }

    Verification result = verifyStdout();
    assertThat(result.intact()).as("%s", result.problems()).isTrue();
    assertThat(result.entries()).isEqualTo(3);
    assertThat(flaky.written).isEqualTo(lines());
  }

  @Test
  void eventsBeyondTheQueueAreCountedAndRecordedAsAGap() throws IOException {
    FlakySink flaky = new FlakySink(true);
    try (Recorder recorder = start(new RecorderSettings(2, Duration.ofHours(1), 3), flaky)) {
      recorder.record(written(0));
      assertThatThrownBy(recorder::flushAll).isInstanceOf(IOException.class);
      for (int i = 1; i <= 3; i++) {
        recorder.record(written(i));
      }
      flaky.down = false;
      recorder.flushAll();
      assertThat(recorder.events()).isEqualTo(4);
    }

    Verification result = verifyStdout();
    assertThat(result.intact()).as("%s", result.problems()).isTrue();
    // the first start's gap, events 0 and 1, then the gap for events 2 and 3
    assertThat(result.entries()).isEqualTo(4);
    assertThat(result.gaps()).hasSize(2);
    assertThat(result.gaps().get(1))
        .contains(
            "2 events were not recorded: 3 were already waiting (the sinks failed: flaky:"
                + " unreachable)");
  }

  @Test
  void afullBatchIsWrittenWithoutWaitingForTheInterval() throws Exception {
    FlakySink counting = new FlakySink(false);
    try (Recorder recorder = start(new RecorderSettings(10, Duration.ofHours(1), 1000), counting)) {
      for (int i = 0; i < 25; i++) {
        recorder.record(written(i));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (recorder.waiting() > 10 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(recorder.waiting()).isLessThanOrEqualTo(10);
      assertThat(counting.batchSizes).allMatch(size -> size <= 10).isNotEmpty();
    }
  }

  @Test
  void manyThreadsRecordOneUnbrokenChain() throws Exception {
    try (Recorder recorder = start(new RecorderSettings(100, Duration.ofMillis(20), 100_000))) {
      ExecutorService threads = Executors.newFixedThreadPool(8);
      for (int t = 0; t < 8; t++) {
        threads.submit(
            () -> {
              for (int i = 0; i < 500; i++) {
                recorder.record(written(i));
              }
            });
      }
      threads.shutdown();
      assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      recorder.flushAll();
    }

    Verification result = verifyStdout();
    assertThat(result.intact()).as("%s", result.problems()).isTrue();
    assertThat(result.entries()).isEqualTo(4001);
  }

  @Test
  void anAnchorIsWrittenBeforeItsHeadIsReturned() throws IOException {
    ChainHead anchor;
    try (Recorder recorder = start(SLOW)) {
      recorder.record(written(1));
      anchor = recorder.anchor("SecurityBaseline saas-addendum status and an Event");
      recorder.record(written(2));
    }

    assertThat(anchor.seq()).isEqualTo(3);
    Verification result = verifyStdout(anchor);
    assertThat(result.intact()).as("%s", result.problems()).isTrue();
    assertThat(result.anchors()).singleElement().asString().startsWith(anchor + " at stdout:3");
    List<String> truncated = lines().subList(0, 2);
    RecordVerifier verifier = new RecordVerifier(List.of(anchor), false);
    for (int i = 0; i < truncated.size(); i++) {
      verifier.line("stdout:" + (i + 1), truncated.get(i));
    }
    assertThat(verifier.finish().firstProblem().orElseThrow().toString())
        .startsWith("stdout:2: truncated: the chain ends at seq 2 but anchor 3:");
  }

  @Test
  void aBucketAheadOfTheStoreIsContinuedWithoutAGapAndOneBehindIsAGap() {
    ChainHead three = new ChainHead(3, "3".repeat(64));
    ChainHead five = new ChainHead(5, "5".repeat(64));

    HeadChoice ahead =
        HeadChoice.choose(
            Optional.of(three), null, "memory", Optional.of(new HeadChoice.SinkHead(five, "s3")));
    HeadChoice behind =
        HeadChoice.choose(
            Optional.of(five), null, "memory", Optional.of(new HeadChoice.SinkHead(three, "s3")));

    assertThat(ahead).isEqualTo(new HeadChoice(five, null));
    assertThat(behind.head()).isEqualTo(five);
    assertThat(behind.gapReason()).contains("entries 4..5 are not in s3");
  }

  /** A sink that refuses batches while it is down, and otherwise keeps lines like a file. */
  private static final class FlakySink implements RecordSink {
    volatile boolean down;
    final List<String> written = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

    FlakySink(boolean down) {
      this.down = down;
    }

    @Override
    public Optional<ChainHead> start(Optional<ChainHead> hint) {
      return Optional.empty();
    }

    @Override
    public void write(List<RecordEntry> batch) throws IOException {
      if (down) {
        throw new IOException("unreachable");
      }
      batchSizes.add(batch.size());
      batch.forEach(e -> written.add(e.toLine()));
    }

    @Override
    public String describe() {
      return "flaky";
    }
  }
}
