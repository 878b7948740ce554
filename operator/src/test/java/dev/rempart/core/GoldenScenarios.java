package dev.rempart.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.core.exceptions.HeldBack;
import dev.rempart.io.ManifestReader;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Golden-file scenarios of the evaluation core. A scenario is a folder with {@code baseline.yaml},
 * any number of {@code in-*.yaml} (the cluster), optionally {@code clock.txt} (an instant; default
 * {@link #DEFAULT_CLOCK}), optionally {@code exceptions.yaml} (BaselineExceptions, kept apart so
 * that the command line reads them with {@code --exceptions}) and the expected {@code
 * out-findings.yaml}, {@code out-desired.yaml} and {@code out-state.yaml}. The state lists {@code
 * evidence} and {@code removals} only when there are some, so that scenarios of controls that
 * produce neither keep their files. Run with {@code -Drempart.golden.update=true} to rewrite the
 * expected files, then review the diff.
 */
public final class GoldenScenarios {
  public static final Instant DEFAULT_CLOCK = Instant.parse("2026-01-15T10:00:00Z");
  public static final Path ROOT = Path.of("src/test/resources/golden");
  private static final ObjectMapper YAML =
      new ObjectMapper(
              new YAMLFactory()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .disable(YAMLGenerator.Feature.SPLIT_LINES))
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private GoldenScenarios() {}

  /** Every scenario folder below the root. */
  public static List<Path> all() {
    try (Stream<Path> walk = Files.walk(ROOT)) {
      return walk.filter(p -> Files.exists(p.resolve("baseline.yaml"))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The scenario's baseline. */
  public static SecurityBaseline baseline(Path scenario) throws IOException {
    return (SecurityBaseline)
        ManifestReader.parse(Files.readString(scenario.resolve("baseline.yaml"))).get(0);
  }

  /** The scenario's cluster objects, its exceptions included. */
  public static List<HasMetadata> cluster(Path scenario) throws IOException {
    List<HasMetadata> objects = new ArrayList<>();
    for (Path f : inputs(scenario)) {
      objects.addAll(ManifestReader.parse(Files.readString(f)));
    }
    Path exceptions = exceptions(scenario);
    if (Files.exists(exceptions)) {
      objects.addAll(ManifestReader.parse(Files.readString(exceptions)));
    }
    return objects;
  }

  /** The scenario's {@code in-*.yaml} files, sorted. */
  public static List<Path> inputs(Path scenario) throws IOException {
    try (Stream<Path> files = Files.list(scenario)) {
      return files.filter(GoldenScenarios::isInput).sorted().toList();
    }
  }

  /** The scenario's exceptions file (it may not exist). */
  public static Path exceptions(Path scenario) {
    return scenario.resolve("exceptions.yaml");
  }

  public static Clock clock(Path scenario) throws IOException {
    Path file = scenario.resolve("clock.txt");
    Instant at = Files.exists(file) ? Instant.parse(Files.readString(file).trim()) : DEFAULT_CLOCK;
    return Clock.fixed(at, ZoneOffset.UTC);
  }

  /** Renders what a result is compared on: findings, desired objects and state. */
  public static Map<String, String> render(EvaluationResult result) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("out-findings.yaml", YAML.writeValueAsString(findings(result.findings())));
    out.put("out-desired.yaml", YAML.writeValueAsString(desired(result.desired())));
    out.put("out-state.yaml", YAML.writeValueAsString(state(result)));
    return out;
  }

  private static boolean isInput(Path p) {
    String name = p.getFileName().toString();
    return name.startsWith("in-") && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  private static List<Map<String, Object>> findings(List<Finding> findings) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Finding f : findings) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("control", f.control());
      m.put("check", f.check());
      m.put("clause", f.clause());
      m.put("severity", f.severity().id());
      m.put("resource", f.resource().display());
      m.put("message", f.message());
      if (f.fixedBy() != null) {
        m.put("fixedBy", f.fixedBy().display());
      }
      if (f.exceptedBy() != null) {
        m.put("exceptedBy", f.exceptedBy());
      }
      out.add(m);
    }
    return out;
  }

  private static List<Map<String, Object>> desired(List<DesiredObject> desired) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (DesiredObject d : desired) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("control", d.control());
      m.put("enforced", d.enforced());
      m.put("owned", d.owned());
      m.put("object", ManifestReader.kubernetesSerialization().convertValue(d.object(), Map.class));
      out.add(m);
    }
    return out;
  }

  private static Map<String, Object> state(EvaluationResult result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "governed",
        result.governance().governed().stream().map(n -> n.getMetadata().getName()).toList());
    m.put(
        "conflicts",
        result.governance().conflicts().stream()
            .map(
                c ->
                    c.namespace()
                        + " also selected by "
                        + c.otherBaseline()
                        + (c.thisBaselineActs() ? " (this baseline acts)" : " (other acts)"))
            .toList());
    m.put(
        "controls",
        result.controls().stream()
            .map(c -> c.name() + " " + c.clauses() + " " + c.mode())
            .toList());
    m.put(
        "drift",
        result.drift().stream()
            .map(
                d ->
                    d.state()
                        + " "
                        + d.desired().ref().display()
                        + (d.desired().enforced() ? " (repair)" : " (report)"))
            .toList());
    m.put(
        "orphans",
        result.orphans().stream()
            .map(o -> o.ref().display() + (o.enforced() ? " (remove)" : " (report)"))
            .toList());
    if (!result.evidence().isEmpty()) {
      m.put("evidence", evidence(result.evidence()));
    }
    if (!result.removals().isEmpty()) {
      m.put("removals", removals(result.removals()));
    }
    if (!result.exceptions().isEmpty()) {
      m.put(
          "exceptions",
          result.exceptions().stream()
              .map(a -> a.name() + " " + a.phase() + " " + a.reason() + ": " + a.message())
              .toList());
    }
    if (!result.heldBack().isEmpty()) {
      m.put("heldBack", result.heldBack().stream().map(HeldBack::headline).toList());
    }
    return m;
  }

  private static List<Map<String, Object>> evidence(List<Evidence> evidence) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Evidence e : evidence) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("control", e.control());
      m.put("check", e.check());
      m.put("clause", e.clause());
      m.put("status", e.status().id());
      if (e.resource() != null) {
        m.put("resource", e.resource().display());
      }
      m.put("reason", e.reason());
      if (e.oldestOpenCritical() != null) {
        m.put(
            "oldestOpenCritical",
            e.oldestOpenCritical().subject() + " since " + e.oldestOpenCritical().sinceText());
      }
      out.add(m);
    }
    return out;
  }

  private static List<Map<String, Object>> removals(List<Removal> removals) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Removal r : removals) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("control", r.control());
      m.put("clause", r.clause());
      m.put("resource", r.ref().display());
      m.put("reason", r.reason());
      if (r.keepContent()) {
        m.put(
            "object", ManifestReader.kubernetesSerialization().convertValue(r.object(), Map.class));
      }
      out.add(m);
    }
    return out;
  }
}
