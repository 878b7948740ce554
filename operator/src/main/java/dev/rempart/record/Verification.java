package dev.rempart.record;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link RecordVerifier}.
 *
 * @param problems in the order of the lines, the first one first
 * @param gaps where the chain says itself that entries before it may be missing
 * @param anchors the external anchors found in the chain, as {@code SEQ:HASH at WHERE}
 * @param head the last entry, or null when there was none
 * @param otherLines lines that are not record entries (a log pipeline's own), skipped
 */
public record Verification(
    long entries,
    List<Problem> problems,
    List<String> gaps,
    List<String> anchors,
    ChainHead head,
    long otherLines) {

  public boolean intact() {
    return problems.isEmpty();
  }

  public Optional<Problem> firstProblem() {
    return problems.stream().findFirst();
  }
}
