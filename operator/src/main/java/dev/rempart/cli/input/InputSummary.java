package dev.rempart.cli.input;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What was read: how many files and objects, which kinds were kept for evaluation and which were
 * skipped because no control reads them.
 *
 * @param files the files read ({@code -} counts as one)
 * @param objects every object read, List items counted one by one
 * @param evaluated the objects kept for the evaluation, by kind
 * @param skipped the objects of kinds Rempart does not evaluate, by kind
 * @param duplicates objects read more than once (same kind, namespace and name); the last wins
 * @param issues the inputs that could not be read, and those skipped as not manifests
 */
public record InputSummary(
    int files,
    long objects,
    SortedMap<String, Long> evaluated,
    SortedMap<String, Long> skipped,
    long duplicates,
    InputIssues issues) {
  public InputSummary {
    evaluated = new TreeMap<>(evaluated);
    skipped = new TreeMap<>(skipped);
  }

  public long evaluatedTotal() {
    return evaluated.values().stream().mapToLong(Long::longValue).sum();
  }

  public long skippedTotal() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }

  static void count(Map<String, Long> counts, String kind) {
    counts.merge(kind, 1L, Long::sum);
  }
}
