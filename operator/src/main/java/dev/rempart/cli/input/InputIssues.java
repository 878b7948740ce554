package dev.rempart.cli.input;

import dev.rempart.io.NotAManifest;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What of the input was not audited and why: errors (unreadable or malformed input: the audit is
 * incomplete) and skipped inputs (not Kubernetes manifests), each in the order read.
 */
public record InputIssues(List<InputError> errors, List<SkippedInput> skipped) {
  public static final InputIssues NONE = new InputIssues(List.of(), List.of());

  public InputIssues {
    errors = List.copyOf(errors);
    skipped = List.copyOf(skipped);
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /**
   * How many inputs were skipped for each reason, in the reasons' order; absent reasons left out.
   */
  public Map<NotAManifest.Reason, Long> skippedByReason() {
    Map<NotAManifest.Reason, Long> counts = new EnumMap<>(NotAManifest.Reason.class);
    skipped.forEach(s -> counts.merge(s.reason(), 1L, Long::sum));
    return counts;
  }
}
