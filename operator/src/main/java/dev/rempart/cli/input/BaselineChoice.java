package dev.rempart.cli.input;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.cli.UsageException;
import dev.rempart.cli.input.BaselineLoader.LoadedBaseline;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which baseline a report applies: {@code --baseline FILE} when it names a file, else the
 * SecurityBaseline of that name among those available (in the cluster or the files); without {@code
 * --baseline}, the only one available, or the addendum's built-in baseline when there is none.
 */
public final class BaselineChoice {
  private BaselineChoice() {}

  /**
   * Chooses the baseline.
   *
   * @param requested the value of {@code --baseline}, or null
   * @param available the SecurityBaselines in the cluster or the files
   * @param where {@code the cluster} or {@code the files}, for messages and the report
   */
  public static LoadedBaseline choose(
      String requested, List<SecurityBaseline> available, String where) {
    if (requested != null && Files.isRegularFile(Path.of(requested))) {
      return BaselineLoader.fromFile(Path.of(requested));
    }
    if (requested != null) {
      return available.stream()
          .filter(b -> requested.equals(b.getMetadata().getName()))
          .findFirst()
          .map(b -> new LoadedBaseline(b, where))
          .orElseThrow(
              () ->
                  new UsageException(
                      "--baseline "
                          + requested
                          + ": neither a file nor a SecurityBaseline in "
                          + where
                          + " ("
                          + names(available)
                          + ")"));
    }
    if (available.size() == 1) {
      return new LoadedBaseline(available.get(0), where);
    }
    if (available.isEmpty()) {
      return BaselineLoader.builtin();
    }
    throw new UsageException(
        where
            + " hold "
            + available.size()
            + " SecurityBaselines ("
            + names(available)
            + "): choose one with --baseline NAME");
  }

  private static String names(List<SecurityBaseline> baselines) {
    if (baselines.isEmpty()) {
      return "there is none";
    }
    return baselines.stream().map(b -> b.getMetadata().getName()).collect(Collectors.joining(", "));
  }
}
