package dev.rempart.record;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.record.Problem.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Batches as stored objects: the key and the previous batch's hash are in what is hashed. */
class BatchVerificationTest {

  private static List<RecordBatch> batches(int count, int size) {
    RecordChain chain = new RecordChain(ChainHead.GENESIS, RecordFixtures.ticking());
    List<RecordBatch> batches = new ArrayList<>();
    String prev = ChainHead.GENESIS.hash();
    for (int b = 0; b < count; b++) {
      List<RecordEntry> entries = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        entries.add(chain.append(RecordFixtures.opened(b * size + i)));
      }
      RecordBatch batch =
          RecordBatch.of("record/" + entries.get(0).seq() + ".jsonl", entries, prev);
      batches.add(batch);
      prev = batch.header().hash();
    }
    return batches;
  }

  private static Verification verify(List<String> keys, List<RecordBatch> batches) {
    RecordVerifier verifier = new RecordVerifier(List.of(), false);
    for (int i = 0; i < batches.size(); i++) {
      String text = new String(batches.get(i).content(), StandardCharsets.UTF_8);
      verifier.batch(keys.get(i), "s3://b/" + keys.get(i), text.lines().toList());
    }
    return verifier.finish();
  }

  private static List<String> keys(List<RecordBatch> batches) {
    return batches.stream().map(b -> b.header().key()).toList();
  }

  @Test
  void batchesInOrderVerify() {
    List<RecordBatch> batches = batches(3, 4);

    Verification result = verify(keys(batches), batches);

    assertThat(result.intact()).as("%s", result.problems()).isTrue();
    assertThat(result.entries()).isEqualTo(12);
    assertThat(batches.get(1).header().prevBatch()).isEqualTo(batches.get(0).header().hash());
  }

  @Test
  void aBatchStoredUnderAnotherKeyIsNamed() {
    List<RecordBatch> batches = batches(2, 3);
    List<String> keys = new ArrayList<>(keys(batches));
    keys.set(1, "record/elsewhere.jsonl");

    Problem first = verify(keys, batches).firstProblem().orElseThrow();

    assertThat(first.where()).isEqualTo("s3://b/record/elsewhere.jsonl:1");
    assertThat(first.reason()).contains("copied or renamed");
  }

  @Test
  void aMissingBatchIsNamed() {
    List<RecordBatch> batches = new ArrayList<>(batches(3, 2));
    batches.remove(1);

    Problem first = verify(keys(batches), batches).firstProblem().orElseThrow();

    assertThat(first.kind()).isEqualTo(Kind.MISSING);
    assertThat(first.where()).isEqualTo("s3://b/record/5.jsonl:1");
    assertThat(first.reason()).contains("entries 3..4");
  }

  @Test
  void batchesOutOfOrderAreNamed() {
    List<RecordBatch> batches = new ArrayList<>(batches(3, 2));
    Collections.swap(batches, 1, 2);

    Problem first = verify(keys(batches), batches).firstProblem().orElseThrow();

    assertThat(first.kind()).isEqualTo(Kind.MISSING);
    assertThat(first.where()).isEqualTo("s3://b/record/5.jsonl:1");
    Problem second = verify(keys(batches), batches).problems().get(2);
    assertThat(second.toString()).contains("record/3.jsonl").contains("reordered");
  }

  @Test
  void anEntryEditedInsideABatchIsNamedWithItsLine() {
    List<RecordBatch> batches = batches(2, 3);
    RecordVerifier verifier = new RecordVerifier(List.of(), false);
    String first = new String(batches.get(0).content(), StandardCharsets.UTF_8);
    verifier.batch("record/1.jsonl", "s3://b/record/1.jsonl", first.lines().toList());
    List<String> second =
        new ArrayList<>(
            new String(batches.get(1).content(), StandardCharsets.UTF_8).lines().toList());
    second.set(2, second.get(2).replace("4.4", "4.5"));
    verifier.batch("record/4.jsonl", "s3://b/record/4.jsonl", second);

    Problem problem = verifier.finish().firstProblem().orElseThrow();

    assertThat(problem.where()).isEqualTo("s3://b/record/4.jsonl:3");
    assertThat(problem.kind()).isEqualTo(Kind.TAMPERED);
  }
}
