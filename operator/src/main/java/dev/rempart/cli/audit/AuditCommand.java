package dev.rempart.cli.audit;

import dev.rempart.api.v1alpha1.UngovernedNamespaces;
import dev.rempart.cli.ExitCodes;
import dev.rempart.cli.Logging;
import dev.rempart.cli.UsageException;
import dev.rempart.cli.input.BaselineLoader;
import dev.rempart.cli.input.BaselineLoader.LoadedBaseline;
import dev.rempart.cli.input.ExceptionLoader;
import dev.rempart.cli.input.InputError;
import dev.rempart.cli.input.InputOptions;
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
      "A namespace the input has no Namespace object for is governed, unless the baseline"
          + " excludes it by name; a Namespace object in the input is governed only when the"
          + " baseline's selector matches it (--all-namespaces governs them all). Every run says"
          + " which namespaces and kinds were not audited, and why.",
      "What is not a Kubernetes manifest (kustomization files, Helm charts, application configs)"
          + " is skipped and counted; a file or document that cannot be read or parsed is reported"
          + " with its file and line, the rest is still audited, and the exit code is 2.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no finding counted by --scope at or above --fail-on (excepted and existing ones aside)",
      "1:a finding counted by --scope at or above --fail-on, neither excepted nor existing",
      "2:bad usage, a bad baseline, no Kubernetes object found, or input that could not be read"
          + " or parsed (the other files are still audited and reported)",
      "3:internal error (a bug in Rempart)"
    })
public final class AuditCommand implements Callable<Integer> {
  private static final int ERRORS_ON_STDERR = 20;

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
      names = "--exceptions",
      paramLabel = "PATH",
      description =
          "BaselineException manifests (a file or a folder; repeatable): findings an active"
              + " exception covers are reported as excepted and never fail the audit.")
  List<String> exceptions = List.of();

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

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description =
          "The namespace of objects that name none, as with kubectl apply -n (default: default).")
  String namespace = InputOptions.KUBECTL_DEFAULT_NAMESPACE;

  @Option(
      names = {"-A", "--all-namespaces"},
      description =
          "Audit the objects of every namespace, whatever the labels of its Namespace object in the"
              + " input (namespaces the baseline excludes by name stay excluded).")
  boolean allNamespaces;

  @Option(
      names = "--ungoverned-namespaces",
      paramLabel = "report|ignore",
      description =
          "report: a namespace the baseline's selector does not match is itself a high finding;"
              + " ignore: it is listed as not audited. Default: the baseline's"
              + " spec.ungovernedNamespaces (Ignore when unset).")
  UngovernedChoice ungoverned;

  @Option(
      names = "--scope",
      paramLabel = "app|platform|all",
      defaultValue = "app",
      description =
          "Whose findings count toward --fail-on: app (default) the ones a change to the manifests"
              + " fixes; platform the ones Rempart remediates itself in Enforce (default deny, Pod"
              + " Security labels, isolation policies); all. Every finding is reported.")
  FindingScope scope;

  @Option(
      names = "--baseline-findings",
      paramLabel = "FILE",
      description =
          "A previous -o json or -o sarif output of rempart audit (from the main branch, say): the"
              + " findings it holds are shown as existing and never fail the run; only new ones"
              + " do. Matched by fingerprint (check and object), so moved lines do not matter.")
  Path baselineFindings;

  @Option(
      names = "--include-helm-tests",
      description =
          "Audit Helm test hooks (helm.sh/hook: test) too; they are skipped and counted by"
              + " default, since they run only under helm test.")
  boolean includeHelmTests;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Threads that parse the input (default: one per processor, here ${DEFAULT-VALUE}); the"
              + " output is the same whatever the number.")
  int threads = Runtime.getRuntime().availableProcessors();

  /** The evaluation's clock; tests fix it. */
  Clock clock = Clock.systemUTC();

  /** Standard input, for {@code -f -}; tests replace it. */
  InputStream stdin = System.in;

  /** {@code --ungoverned-namespaces}, spelt as on a command line. */
  enum UngovernedChoice {
    REPORT(UngovernedNamespaces.Report),
    IGNORE(UngovernedNamespaces.Ignore);

    final UngovernedNamespaces value;

    UngovernedChoice(UngovernedNamespaces value) {
      this.value = value;
    }
  }

  @Override
  public Integer call() {
    if (threads < 1) {
      throw new UsageException("--threads must be at least 1, not " + threads);
    }
    Logging.quiet();
    LoadedBaseline loaded =
        baseline == null ? BaselineLoader.builtin() : BaselineLoader.fromFile(baseline);
    if (ungoverned != null) {
      loaded.baseline().getSpec().setUngovernedNamespaces(ungoverned.value);
    }
    AuditRunner.Settings settings =
        new AuditRunner.Settings(
            new InputOptions(namespace, allNamespaces, includeHelmTests),
            scope,
            baselineFindings == null ? null : FindingsBaselineReader.read(baselineFindings));
    AuditReport audit =
        new AuditRunner(Evaluator.standard(), stdin, clock, threads)
            .audit(inputs, loaded, ExceptionLoader.fromPaths(exceptions), failOn, settings);
    PrintWriter out = spec.commandLine().getOut();
    format.formatter().write(audit, out, spec.commandLine().getColorScheme().ansi());
    out.flush();
    List<InputError> errors = audit.input().issues().errors();
    if (!errors.isEmpty()) {
      // The report holds them too; stderr is where a CI log shows why the job failed.
      PrintWriter err = spec.commandLine().getErr();
      errors.stream()
          .limit(ERRORS_ON_STDERR)
          .forEach(e -> err.println(spec.qualifiedName() + ": " + e));
      if (errors.size() > ERRORS_ON_STDERR) {
        err.println(
            spec.qualifiedName()
                + ": and "
                + (errors.size() - ERRORS_ON_STDERR)
                + " more inputs that could not be read (see the report)");
      }
      err.flush();
      return ExitCodes.USAGE;
    }
    return audit.failed() ? ExitCodes.FINDINGS : ExitCodes.OK;
  }
}
