package dev.rempart.cli.audit;

import dev.rempart.cli.input.InputIssues;
import dev.rempart.cli.input.SkippedInput;
import dev.rempart.io.NotAManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The sentences the table and Markdown formats share about inputs skipped or not read. */
final class InputIssueText {
  private static final int FILES_SHOWN = 5;

  private InputIssueText() {}

  /**
   * One sentence per reason: {@code 2 Kustomization files (kustomization.yaml, base/...): pipe
   * `kustomize build ...`}.
   */
  static List<String> skipped(InputIssues issues) {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<NotAManifest.Reason, Long> e : issues.skippedByReason().entrySet()) {
      NotAManifest.Reason reason = e.getKey();
      List<String> files =
          issues.skipped().stream()
              .filter(s -> s.reason() == reason)
              .map(SkippedInput::file)
              .distinct()
              .toList();
      String shown = String.join(", ", files.subList(0, Math.min(FILES_SHOWN, files.size())));
      if (files.size() > FILES_SHOWN) {
        shown += " and " + (files.size() - FILES_SHOWN) + " more";
      }
      lines.add(
          e.getValue()
              + " "
              + reason.description()
              + " ("
              + shown
              + ")"
              + (reason.hint() == null ? "" : ": " + reason.hint()));
    }
    return lines;
  }

  /** {@code 1 input}, {@code 3 inputs}. */
  static String inputs(long n) {
    return n + (n == 1 ? " input" : " inputs");
  }
}
