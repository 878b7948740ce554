package dev.rempart.cli.audit;

import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.cli.UsageException;
import dev.rempart.cli.VersionProvider;
import dev.rempart.cli.audit.AuditReport.ControlAudit;
import dev.rempart.cli.audit.AuditReport.LocatedFinding;
import dev.rempart.cli.input.BaselineLoader.LoadedBaseline;
import dev.rempart.cli.input.ImpliedNamespaces;
import dev.rempart.cli.input.InputCollector;
import dev.rempart.cli.input.InputIssues;
import dev.rempart.cli.input.InputOptions;
import dev.rempart.cli.input.InputReader;
import dev.rempart.cli.input.InputSnapshot;
import dev.rempart.cli.input.ManifestSources;
import dev.rempart.cli.input.SkippedInput;
import dev.rempart.compliance.ExaminedObjects;
import dev.rempart.core.Control;
import dev.rempart.core.EvaluationResult;
import dev.rempart.core.Evaluator;
import dev.rempart.core.Finding;
import dev.rempart.core.NamespaceScope;
import dev.rempart.core.ResourceRef;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

  /**
   * How an audit reads its input and decides its exit code, beyond the baseline and threshold.
   *
   * @param input where objects without a namespace go, whether every namespace is governed, whether
   *     Helm test hooks are audited
   * @param scope whose findings count toward {@code --fail-on}
   * @param findingsBaseline the findings of a previous run ({@code --baseline-findings}), or null
   */
  public record Settings(
      InputOptions input, FindingScope scope, FindingsBaseline findingsBaseline) {
    /** Every finding counts, objects without a namespace in {@code default}. */
    public static Settings defaults() {
      return new Settings(InputOptions.defaults(), FindingScope.ALL, null);
    }
  }

  /** Reads the inputs (files, folders, {@code -}) into a snapshot for the given baseline. */
  public InputSnapshot read(List<String> paths, LoadedBaseline baseline, InputOptions options) {
    InputCollector collector = new InputCollector(typesRead(baseline.baseline()), options);
    new InputReader(stdin, threads).readAll(ManifestSources.expand(paths), collector);
    InputSnapshot input =
        collector.finish(baseline.baseline().getSpec().getNamespaceSelector().toLabelSelector());
    InputIssues issues = input.summary().issues();
    if (input.summary().objects() == 0 && !issues.hasErrors()) {
      // A wrong path in CI must not pass as "no findings". Input that could not be read is
      // reported with its file and line in the report instead (exit 2 as well).
      throw new UsageException(
          "no Kubernetes object found in "
              + String.join(", ", paths)
              + " ("
              + Plural.of(input.summary().files(), "file")
              + " read"
              + skippedText(issues)
              + "): check the path, or that the chart was rendered");
    }
    return input;
  }

  /** {@code , 2 skipped as not manifests, first FILE: WHAT: HINT}, or nothing. */
  private static String skippedText(InputIssues issues) {
    if (issues.skipped().isEmpty()) {
      return "";
    }
    SkippedInput first = issues.skipped().get(0);
    String hint = first.reason().hint();
    return ", "
        + issues.skipped().size()
        + " skipped as not manifests, first "
        + first
        + (hint == null ? "" : ": " + hint);
  }

  public AuditReport audit(List<String> paths, LoadedBaseline baseline, FailOn failOn) {
    return audit(paths, baseline, List.of(), failOn);
  }

  public AuditReport audit(
      List<String> paths,
      LoadedBaseline baseline,
      List<BaselineException> exceptions,
      FailOn failOn) {
    return audit(paths, baseline, exceptions, failOn, Settings.defaults());
  }

  /**
   * Audits the inputs; the exceptions (read apart, from {@code --exceptions}) are decided on by the
   * same core as in the cluster.
   */
  public AuditReport audit(
      List<String> paths,
      LoadedBaseline baseline,
      List<BaselineException> exceptions,
      FailOn failOn,
      Settings settings) {
    InputSnapshot input = read(paths, baseline, settings.input());
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
    List<LocatedFinding> findings = new ArrayList<>();
    Set<ResourceRef> fixesByRempart = result.fixesByRempart();
    for (Finding f : result.findings()) {
      String fingerprint = Fingerprints.of(f);
      findings.add(
          new LocatedFinding(
              f,
              input.locate(f.resource()).orElse(null),
              EvaluationResult.remediatedByRempart(f, fixesByRempart) ? Owner.PLATFORM : Owner.APP,
              fingerprint,
              settings.findingsBaseline() != null
                  && settings.findingsBaseline().contains(fingerprint)));
    }
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
        result.exceptions(),
        coverage(baseline, input, result, settings.input()),
        settings.scope(),
        settings.findingsBaseline() == null ? null : settings.findingsBaseline().source());
  }

  /** Every namespace of the snapshot, governed or not and why, with how many objects it holds. */
  private static Coverage coverage(
      LoadedBaseline baseline, InputSnapshot input, EvaluationResult result, InputOptions options) {
    List<Coverage.NamespaceAudit> namespaces = new ArrayList<>();
    Map<String, Long> objects = input.placement().objectsByNamespace();
    Set<String> governed = new HashSet<>();
    result.governance().governed().forEach(ns -> governed.add(ns.getMetadata().getName()));
    for (Namespace ns : input.snapshot().all(Namespace.class)) {
      String name = ns.getMetadata().getName();
      namespaces.add(
          new Coverage.NamespaceAudit(
              name,
              governed.contains(name)
                  ? NamespaceScope.GOVERNED
                  : NamespaceScope.ofUngoverned(baseline.baseline().getSpec(), ns),
              objects.getOrDefault(name, 0L),
              ImpliedNamespaces.isImplied(ns),
              input.placement().widened().contains(name)));
    }
    namespaces.sort(Comparator.comparing(Coverage.NamespaceAudit::name));
    return new Coverage(namespaces, input.placement().helmTests(), options.allNamespaces());
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
