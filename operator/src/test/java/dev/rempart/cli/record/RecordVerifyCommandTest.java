package dev.rempart.cli.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import dev.rempart.record.ChainHead;
import dev.rempart.record.EventType;
import dev.rempart.record.ObjectRef;
import dev.rempart.record.RecordEvent;
import dev.rempart.recorder.InMemoryChainHeadStore;
import dev.rempart.recorder.Recorder;
import dev.rempart.recorder.RecorderSettings;
import dev.rempart.recorder.StandardOutputSink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tamper test of clause 4.6: a record written by the {@link Recorder} is edited, cut, reordered
 * and truncated, and {@code rempart record verify} names the line each time.
 */
class RecordVerifyCommandTest {
  @TempDir Path dir;
  private List<String> lines;
  private ChainHead anchor;

  @BeforeEach
  void writeARecord() throws IOException {
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    try (Recorder recorder =
        Recorder.start(
            new InMemoryChainHeadStore(),
            List.of(new StandardOutputSink(new PrintStream(stdout, true, StandardCharsets.UTF_8))),
            Clock.systemUTC(),
            new RecorderSettings(100, Duration.ofHours(1), 1000))) {
      for (int i = 1; i <= 8; i++) {
        recorder.record(
            RecordEvent.of(
                EventType.FINDING_OPENED,
                "saas-addendum",
                "4.4",
                new ObjectRef("v1", "Namespace", null, "shop-" + i),
                Map.of("control", "network", "message", "no default-deny NetworkPolicy")));
      }
      anchor = recorder.anchor("SecurityBaseline saas-addendum status");
      recorder.record(
          RecordEvent.of(
              EventType.FINDING_RESOLVED,
              "saas-addendum",
              "4.4",
              new ObjectRef("v1", "Namespace", null, "shop-1"),
              Map.of()));
    }
    lines = stdout.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(11);
  }

  private Path file(List<String> content) throws IOException {
    return Files.write(dir.resolve("record.jsonl"), content);
  }

  private CliRun.Result verify(List<String> content, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("record", "verify", file(content).toString()));
    args.addAll(List.of(extra));
    return CliRun.run(args.toArray(String[]::new));
  }

  @Test
  void anUntouchedRecordIsIntact() throws IOException {
    CliRun.Result r = verify(lines, "--anchor", anchor.toString());

    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .contains(": 11 entries, head 11:")
        .contains("gap: ")
        .contains("no chain head in memory")
        .contains("anchored: " + anchor + " at ")
        .contains("INTACT: every hash, link and sequence number checks out, and the record holds");
  }

  @Test
  void anEditedLineIsNamed() throws IOException {
    List<String> edited = new ArrayList<>(lines);
    edited.set(5, edited.get(5).replace("shop-5", "shop-0"));

    CliRun.Result r = verify(edited);

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(r.out())
        .contains("record.jsonl:6: tampered: the entry's content does not match its hash (seq 6)")
        .contains("NOT INTACT");
  }

  @Test
  void aDeletedLineIsNamed() throws IOException {
    List<String> cut = new ArrayList<>(lines);
    cut.remove(3);

    CliRun.Result r = verify(cut);

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(r.out())
        .contains(
            "record.jsonl:4: missing: entry 4 is missing between "
                + dir.resolve("record.jsonl")
                + ":3 and this line");
  }

  @Test
  void reorderedLinesAreNamed() throws IOException {
    List<String> moved = new ArrayList<>(lines);
    Collections.swap(moved, 2, 3);

    CliRun.Result r = verify(moved, "--all");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(r.out())
        .contains("record.jsonl:3: reordered: seq 4 comes where seq 3 should, which is at ")
        .contains("record.jsonl:4: reordered: seq 3 comes after seq 4");
  }

  @Test
  void aTruncatedRecordIsCaughtByItsAnchor() throws IOException {
    CliRun.Result r = verify(lines.subList(0, 7), "--anchor", anchor.toString());

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(r.out())
        .contains(
            "record.jsonl:7: truncated: the chain ends at seq 7 but anchor "
                + anchor
                + " was published: the entries after it were removed");
  }

  @Test
  void aLineCutInTheMiddleIsNamed() throws IOException {
    List<String> cut = new ArrayList<>(lines);
    cut.set(10, cut.get(10).substring(0, cut.get(10).length() / 2));

    CliRun.Result r = verify(cut);

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
    assertThat(r.out())
        .contains("record.jsonl:11: tampered: not a valid record entry: not valid JSON");
  }

  @Test
  void logLinesAroundTheRecordAreSkipped() throws IOException {
    List<String> log = new ArrayList<>(lines);
    log.add(0, "17:00:00.000 INFO  d.r.operator.RempartOperator - started");
    log.add(4, "{\"level\":\"info\",\"msg\":\"a JSON log line\"}");

    CliRun.Result r = verify(log);

    assertThat(r.exitCode()).as(r.out()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("2 other lines skipped");
  }

  @Test
  void badInputIsOneLineAndExitCode2() throws IOException {
    CliRun.Result missing = CliRun.run("record", "verify", dir.resolve("nope.jsonl").toString());
    CliRun.Result neither = CliRun.run("record", "verify");
    CliRun.Result badAnchor = verify(lines, "--anchor", "12:xyz");

    assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("nope.jsonl: no such file");
    assertThat(neither.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(neither.err()).contains("give the record's files, or --bucket, but not both");
    assertThat(badAnchor.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badAnchor.err()).contains("--anchor hash 'xyz' is not a SHA-256");
    assertThat(List.of(missing, neither, badAnchor)).noneMatch(CliRun.Result::hasStackTrace);
  }
}
