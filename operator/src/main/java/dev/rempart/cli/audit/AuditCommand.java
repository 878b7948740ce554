package dev.rempart.cli.audit;

import dev.rempart.cli.ExitCodes;
import dev.rempart.cli.Logging;
import dev.rempart.cli.input.BaselineLoader;
import dev.rempart.cli.input.BaselineLoader.LoadedBaseline;
import dev.rempart.core.Evaluator;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rempart audit}: checks manifests against a baseline before they reach a cluster. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Checks Kubernetes manifests against a SecurityBaseline, offline.",
      "Reads files, folders (recursively: *.yaml, *.yml, *.json) and - (standard input):"
          + " multi-document YAML, List objects, the output of helm template and kustomize build.",
      "Every namespaced object is audited: a namespace the input has no Namespace object for is"
          + " governed, unless the baseline excludes it by name.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no finding at or above --fail-on",
      "1:a finding at or above --fail-on",
      "2:bad usage or bad input (unreadable or malformed file, bad baseline)",
      "3:internal error (a bug in Rempart)"
    })
public final class AuditCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "PATH",
      description = "A file, a folder or - for standard input; repeatable.")
  List<String> inputs;

  @Option(
      names = "--baseline",
      paramLabel = "FILE",
      description =
          "A SecurityBaseline manifest. Default: the addendum's baseline built into Rempart"
              + " (examples/saas-addendum.yaml).")
  Path baseline;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table, json, sarif, junit or markdown (default: ${DEFAULT-VALUE}).")
  AuditFormat format;

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      defaultValue = "high",
      description =
          "Exit with 1 when a finding is at least this severe: critical, high, medium, low or none"
              + " (default: ${DEFAULT-VALUE}).")
  FailOn failOn;

  /** The evaluation's clock; tests fix it. */
  Clock clock = Clock.systemUTC();

  /** Standard input, for {@code -f -}; tests replace it. */
  InputStream stdin = System.in;

  @Override
  public Integer call() {
    Logging.quiet();
    LoadedBaseline loaded =
        baseline == null ? BaselineLoader.builtin() : BaselineLoader.fromFile(baseline);
    AuditReport audit =
        new AuditRunner(Evaluator.standard(), stdin, clock).audit(inputs, loaded, failOn);
    PrintWriter out = spec.commandLine().getOut();
    format.formatter().write(audit, out, spec.commandLine().getColorScheme().ansi());
    out.flush();
    return audit.failed() ? ExitCodes.FINDINGS : ExitCodes.OK;
  }
}
