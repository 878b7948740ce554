package dev.rempart.record;

import static dev.rempart.record.RecordFixtures.lines;
import static dev.rempart.record.RecordFixtures.verify;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.record.Problem.Kind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordVerifierTest {

  @Test
  void anIntactChainVerifies() {
    Verification result = verify(lines(10));

    assertThat(result.intact()).isTrue();
    assertThat(result.entries()).isEqualTo(10);
    assertThat(result.head().seq()).isEqualTo(10);
  }

  @Test
  void anEditedLineIsNamed() {
    List<String> lines = new ArrayList<>(lines(10));
    lines.set(4, lines.get(4).replace("shop-5", "shop-X"));

    Problem first = verify(lines).firstProblem().orElseThrow();

    assertThat(first.where()).isEqualTo("record.jsonl:5");
    assertThat(first.kind()).isEqualTo(Kind.TAMPERED);
    assertThat(first.reason()).contains("does not match its hash");
  }

  @Test
  void anEditedLineWhoseHashWasRecomputedBreaksTheLinkOfTheNext() throws Exception {
    List<String> lines = new ArrayList<>(lines(10));
    RecordEntry original = RecordLines.parseEntry(lines.get(4));
    RecordEntry forged =
        RecordEntry.seal(
            original.seq(),
            RecordFixtures.T0,
            original.type(),
            original.baseline(),
            original.clause(),
            original.object(),
            java.util.Map.of("message", "nothing to see"),
            original.prev());
    lines.set(4, forged.toLine());

    Problem first = verify(lines).firstProblem().orElseThrow();

    assertThat(first.where()).isEqualTo("record.jsonl:6");
    assertThat(first.kind()).isEqualTo(Kind.TAMPERED);
    assertThat(first.reason()).contains("does not chain to the entry before it (record.jsonl:5)");
  }

  @Test
  void aDeletedLineIsNamed() {
    List<String> lines = new ArrayList<>(lines(10));
    lines.remove(3);

    Problem first = verify(lines).firstProblem().orElseThrow();

    assertThat(first.where()).isEqualTo("record.jsonl:4");
    assertThat(first.kind()).isEqualTo(Kind.MISSING);
    assertThat(first.reason()).isEqualTo("entry 4 is missing between record.jsonl:3 and this line");
  }

  @Test
  void swappedLinesAreNamed() {
    List<String> lines = new ArrayList<>(lines(10));
    Collections.swap(lines, 2, 6);

    Problem first = verify(lines).firstProblem().orElseThrow();

    assertThat(first.where()).isEqualTo("record.jsonl:3");
    assertThat(first.kind()).isEqualTo(Kind.REORDERED);
    assertThat(first.reason())
        .contains("seq 7 comes where seq 3 should, which is at record.jsonl:7");
  }

  @Test
  void aRepeatedLineIsNamed() {
    List<String> lines = new ArrayList<>(lines(5));
    lines.add(3, lines.get(1));

    Problem first = verify(lines).firstProblem().orElseThrow();

    assertThat(first.where()).isEqualTo("record.jsonl:4");
    assertThat(first.kind()).isEqualTo(Kind.REORDERED);
  }

  @Test
  void aTruncatedTailIsCaughtByAnAnchor() throws Exception {
    List<String> all = lines(10);
    ChainHead anchor = RecordLines.parseEntry(all.get(7)).head();

    Verification result = verify(all.subList(0, 6), anchor);

    Problem first = result.firstProblem().orElseThrow();
    assertThat(first.where()).isEqualTo("record.jsonl:6");
    assertThat(first.kind()).isEqualTo(Kind.TRUNCATED);
    assertThat(first.reason()).contains("ends at seq 6 but anchor 8:");
    assertThat(verify(all, anchor).intact()).isTrue();
  }

  @Test
  void aTruncatedLastLineIsMalformed() {
    List<String> lines = new ArrayList<>(lines(4));
    lines.set(3, lines.get(3).substring(0, 80));

    Problem first = verify(lines).firstProblem().orElseThrow();

    assertThat(first.where()).isEqualTo("record.jsonl:4");
    assertThat(first.reason()).startsWith("not a valid record entry: not valid JSON");
  }

  @Test
  void anAnchorThatDoesNotMatchNamesItsLine() {
    Verification result = verify(lines(5), new ChainHead(3, "c".repeat(64)));

    assertThat(result.firstProblem().orElseThrow().toString())
        .startsWith("record.jsonl:3: tampered: seq 3 has hash");
  }

  @Test
  void aRewrittenChainStartingElsewhereIsMissingItsBeginning() {
    List<String> lines = lines(5).subList(2, 5);

    assertThat(verify(lines).firstProblem().orElseThrow().reason())
        .contains("the chain starts at seq 3, not 1");
    RecordVerifier partial = new RecordVerifier(List.of(), true);
    for (String line : lines) {
      partial.line("x", line);
    }
    assertThat(partial.finish().intact()).isTrue();
  }

  /** A restart that could not read the head starts again from genesis, behind a gap entry. */
  @Test
  void gapsAreListedAndDoNotBreakTheChain() {
    List<String> lines = new ArrayList<>(lines(3));
    RecordChain restarted = new RecordChain(ChainHead.GENESIS, RecordFixtures.ticking());
    lines.add(restarted.gap("head unreadable: forbidden").toLine());
    lines.add(restarted.append(RecordFixtures.opened(4)).toLine());

    Verification result = verify(lines);

    assertThat(result.intact()).as("%s", result.problems()).isTrue();
    assertThat(result.gaps()).singleElement().asString().contains("record.jsonl:4", "forbidden");
  }

  @Test
  void otherLinesOfALogAreSkippedButCounted() {
    List<String> lines = new ArrayList<>(lines(3));
    lines.add(1, "17:00:01 INFO started");
    lines.add("");

    Verification result = verify(lines);

    assertThat(result.intact()).isTrue();
    assertThat(result.otherLines()).isEqualTo(1);
  }
}
