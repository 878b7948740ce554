package dev.rempart.cli.audit;

import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.cli.VersionProvider;
import dev.rempart.cli.audit.AuditReport.ControlAudit;
import dev.rempart.cli.audit.AuditReport.LocatedFinding;
import dev.rempart.cli.input.BaselineLoader.LoadedBaseline;
import dev.rempart.cli.input.InputCollector;
import dev.rempart.cli.input.InputReader;
import dev.rempart.cli.input.InputSnapshot;
import dev.rempart.cli.input.ManifestSources;
import dev.rempart.core.Control;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Evaluator;
import dev.rempart.report.ExaminedObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An offline audit: read the files, keep what the controls read, synthesise the namespaces the
 * files place objects in, and run the same evaluation as the operator.
 */
public final class AuditRunner {
  private final Evaluator evaluator;
  private final InputStream stdin;
  private final Clock clock;
  private final int threads;

  public AuditRunner(Evaluator evaluator, InputStream stdin, Clock clock) {
    this(evaluator, stdin, clock, Runtime.getRuntime().availableProcessors());
  }

  /**
   * @param threads how many threads parse the input (the result is the same whatever the number)
   */
  public AuditRunner(Evaluator evaluator, InputStream stdin, Clock clock, int threads) {
    this.evaluator = evaluator;
    this.stdin = stdin;
    this.clock = clock;
    this.threads = threads;
  }

  /** Reads the inputs (files, folders, {@code -}) into a snapshot for the given baseline. */
  public InputSnapshot read(List<String> paths, LoadedBaseline baseline) {
    InputCollector collector = new InputCollector(typesRead(baseline.baseline()));
    new InputReader(stdin, threads).readAll(ManifestSources.expand(paths), collector);
    return collector.finish(baseline.baseline().getSpec().getNamespaceSelector().toLabelSelector());
  }

  public AuditReport audit(List<String> paths, LoadedBaseline baseline, FailOn failOn) {
    return audit(paths, baseline, List.of(), failOn);
  }

  /**
   * Audits the inputs; the exceptions (read apart, from {@code --exceptions}) are decided on by the
   * same core as in the cluster.
   */
  public AuditReport audit(
      List<String> paths,
      LoadedBaseline baseline,
      List<BaselineException> exceptions,
      FailOn failOn) {
    InputSnapshot input = read(paths, baseline);
    EvaluationResult result =
        evaluator.evaluate(baseline.baseline(), input.snapshot().plus(exceptions), clock);
    List<ControlAudit> controls =
        result.controls().stream()
            .map(
                run ->
                    new ControlAudit(
                        run.name(),
                        run.clauses(),
                        run.mode(),
                        ExaminedObjects.of(
                            control(run.name()), result.governance().governed(), input.snapshot())))
            .toList();
    List<LocatedFinding> findings =
        result.findings().stream()
            .map(f -> new LocatedFinding(f, input.locate(f.resource()).orElse(null)))
            .toList();
    return new AuditReport(
        VersionProvider.version(),
        baseline.name(),
        baseline.source(),
        baseline.baseline().getSpec().effectiveMode(),
        failOn,
        controls,
        findings,
        input.summary(),
        result.governance().governed().stream().map(n -> n.getMetadata().getName()).toList(),
        input.implied().stream().map(n -> n.getMetadata().getName()).toList(),
        result.exceptions());
  }

  /**
   * The types the controls this baseline enables read or own: the findings depend on nothing else,
   * so objects of other kinds are counted, not converted nor kept.
   */
  Set<Class<? extends HasMetadata>> typesRead(SecurityBaseline baseline) {
    Set<Class<? extends HasMetadata>> types = new LinkedHashSet<>();
    for (Control c : evaluator.controls()) {
      if (c.section(baseline.getSpec()).isPresent()) {
        types.addAll(c.inputs());
        types.addAll(c.ownedTypes());
      }
    }
    return types;
  }

  private Control control(String name) {
    return evaluator.controls().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no control named " + name));
  }
}
