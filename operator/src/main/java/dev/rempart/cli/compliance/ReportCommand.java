package dev.rempart.cli.compliance;

import dev.rempart.cli.ClientConfigs;
import dev.rempart.cli.ExitCodes;
import dev.rempart.cli.Logging;
import dev.rempart.cli.UsageException;
import dev.rempart.cli.VersionProvider;
import dev.rempart.cli.compliance.ClusterReader.ClusterObjects;
import dev.rempart.cli.input.BaselineChoice;
import dev.rempart.cli.input.BaselineLoader.LoadedBaseline;
import dev.rempart.cli.input.InputCollector;
import dev.rempart.cli.input.InputReader;
import dev.rempart.cli.input.InputSnapshot;
import dev.rempart.cli.input.ManifestSources;
import dev.rempart.compliance.ComplianceReport;
import dev.rempart.compliance.ComplianceReportBuilder;
import dev.rempart.compliance.DeletionHistory;
import dev.rempart.compliance.ReportDigest;
import dev.rempart.compliance.ReportFormat;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Evaluator;
import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code rempart report}: evidence for auditors, clause by clause, sealed with its SHA-256. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Writes evidence for auditors: every clause of the addendum with its status (compliant,"
          + " non-compliant, not verifiable, not applicable, out of scope), the reason, what was"
          + " examined and the findings, sealed with a SHA-256 of its content.",
      "Reads a live cluster (the current kubeconfig context by default) or files (-f).",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:report written (whatever it says); with --verify, the copy is intact",
      "1:with --verify, the copy was changed after it was written",
      "2:bad usage or bad input (unreadable file, bad baseline, cluster unreachable)",
      "3:internal error (a bug in Rempart)"
    })
public final class ReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "The kubeconfig to read the cluster with (default: $KUBECONFIG or ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--context", description = "The kubeconfig context (default: the current one).")
  String context;

  @Option(
      names = {"-f", "--filename"},
      paramLabel = "PATH",
      description = "Read files instead of a cluster: a file, a folder or -; repeatable.")
  List<String> inputs;

  @Option(
      names = "--baseline",
      paramLabel = "NAME|FILE",
      description =
          "A SecurityBaseline file, or the name of one in the cluster or the files. Default: the"
              + " only one there, else the addendum's built-in baseline.")
  String baseline;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      defaultValue = "markdown",
      description = "markdown, html or json (default: ${DEFAULT-VALUE}).")
  ReportFormat format;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the report to FILE instead of standard output.")
  Path out;

  @Option(
      names = "--record",
      paramLabel = "FILE",
      description =
          "A copy of Rempart's record (JSON lines, e.g. the operator's log): clause 8 then lists"
              + " what the dataDeletion control deleted and when, with whether the chain verifies.")
  Path record;

  @Option(
      names = "--verify",
      paramLabel = "FILE",
      description = "Check that a report written earlier is unchanged, then exit.")
  Path verify;

  /** The evaluation's clock; tests fix it. */
  Clock clock = Clock.systemUTC();

  /** Standard input, for {@code -f -}; tests replace it. */
  InputStream stdin = System.in;

  @Override
  public Integer call() throws IOException {
    Logging.quiet();
    if (verify != null) {
      return verify(verify);
    }
    if (inputs != null && (kubeconfig != null || context != null)) {
      throw new UsageException(
          "-f reads files; --kubeconfig and --context read a cluster: choose one");
    }
    Evaluator evaluator = Evaluator.standard();
    ComplianceReport report = inputs != null ? fromFiles(evaluator) : fromCluster(evaluator);
    String text = format.render(report);
    if (out == null) {
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.print(text);
      stdout.flush();
    } else {
      Files.writeString(out, text, StandardCharsets.UTF_8);
      PrintWriter err = spec.commandLine().getErr();
      err.println("Wrote " + out + " (" + ReportDigest.verify(text).orElseThrow().recorded() + ")");
      err.flush();
    }
    return ExitCodes.OK;
  }

  private ComplianceReport fromFiles(Evaluator evaluator) throws IOException {
    InputCollector collector = new InputCollector(evaluator.watchedTypes());
    new InputReader(stdin).readAll(ManifestSources.expand(inputs), collector);
    // Evidence for an auditor is all or nothing: a report that silently left a file out would
    // claim more than it saw.
    collector.errors().stream()
        .findFirst()
        .ifPresent(
            e -> {
              throw new UsageException(e.toString());
            });
    LoadedBaseline chosen = BaselineChoice.choose(baseline, collector.baselines(), "the files");
    InputSnapshot input =
        collector.finish(chosen.baseline().getSpec().getNamespaceSelector().toLabelSelector());
    EvaluationResult result = evaluator.evaluate(chosen.baseline(), input.snapshot(), clock);
    List<String> notes = new ArrayList<>();
    notes.add("Examined from files: this is what the manifests declare, not what a cluster runs.");
    if (!input.implied().isEmpty()) {
      notes.add(
          "Namespaces with objects but no Namespace object in the files were taken as governed"
              + " unless excluded by name: "
              + String.join(
                  ", ", input.implied().stream().map(n -> n.getMetadata().getName()).toList())
              + ".");
    }
    return builder(evaluator)
        .build(
            chosen.baseline(),
            chosen.source(),
            result,
            input.snapshot(),
            new ComplianceReport.Source(
                "files", "files " + String.join(", ", inputs), input.summary().objects()),
            Map.of(),
            notes);
  }

  private ComplianceReport fromCluster(Evaluator evaluator) throws IOException {
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config()).build()) {
      ClusterObjects objects = new ClusterReader(client).read(evaluator.watchedTypes());
      List<dev.rempart.api.v1alpha1.SecurityBaseline> baselines =
          objects.objects().stream()
              .filter(dev.rempart.api.v1alpha1.SecurityBaseline.class::isInstance)
              .map(dev.rempart.api.v1alpha1.SecurityBaseline.class::cast)
              .toList();
      LoadedBaseline chosen = BaselineChoice.choose(baseline, baselines, "the cluster");
      Snapshot snapshot =
          Snapshot.builder().addAll(objects.objects()).build().withUnserved(objects.unserved());
      EvaluationResult result = evaluator.evaluate(chosen.baseline(), snapshot, clock);
      String where =
          "cluster "
              + (client.getConfiguration().getCurrentContext() == null
                  ? ""
                  : "context " + client.getConfiguration().getCurrentContext().getName() + " ")
              + "at "
              + client.getMasterUrl();
      return builder(evaluator)
          .build(
              chosen.baseline(),
              chosen.source(),
              result,
              snapshot,
              new ComplianceReport.Source("cluster", where, objects.objects().size()),
              objects.unreadable(),
              objects.notes());
    }
  }

  private ComplianceReportBuilder builder(Evaluator evaluator) throws IOException {
    ComplianceReportBuilder builder =
        new ComplianceReportBuilder(evaluator, VersionProvider.version());
    if (record != null) {
      if (!Files.isReadable(record)) {
        throw new UsageException(record + ": cannot read the record copy (--record)");
      }
      builder.withDeletionHistory(
          DeletionHistory.read(
              record.toString(), Files.readAllLines(record, StandardCharsets.UTF_8)));
    }
    return builder;
  }

  private Config config() throws IOException {
    if (kubeconfig != null && !Files.isReadable(kubeconfig)) {
      throw new UsageException(kubeconfig + ": cannot read the kubeconfig");
    }
    Config config = ClientConfigs.load(kubeconfig, context);
    // A person waits at the terminal: retry a failed request twice, not ten times.
    config.setRequestRetryBackoffLimit(2);
    return config;
  }

  private int verify(Path file) throws IOException {
    if (!Files.isReadable(file)) {
      throw new UsageException(file + ": cannot read the report");
    }
    String content = Files.readString(file, StandardCharsets.UTF_8);
    ReportDigest.Verification v =
        ReportDigest.verify(content)
            .orElseThrow(() -> new UsageException(file + ": no report-sha256 digest in the file"));
    PrintWriter stdout = spec.commandLine().getOut();
    if (v.intact()) {
      stdout.println(file + ": intact (sha256 " + v.recorded() + ")");
      stdout.flush();
      return ExitCodes.OK;
    }
    stdout.println(
        file
            + ": CHANGED since it was written (recorded "
            + v.recorded()
            + ", now "
            + v.actual()
            + ")");
    stdout.flush();
    return ExitCodes.FINDINGS;
  }
}
