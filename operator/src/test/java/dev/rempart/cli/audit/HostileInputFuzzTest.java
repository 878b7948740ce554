package dev.rempart.cli.audit;

import static dev.rempart.cli.audit.AuditFixtures.NO_DEFAULT_DENY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.cli.CliRun;
import dev.rempart.cli.ExitCodes;
import dev.rempart.core.Evaluator;
import dev.rempart.io.ManifestException;
import dev.rempart.io.ManifestReader;
import dev.rempart.io.YamlDocuments;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input, generated from a fixed seed ({@link HostileInput}): reading never throws anything
 * but a {@link ManifestException} naming the file, never hangs, and memory stays bounded; the audit
 * of a folder of such files beside good ones never prints a stack trace, names every bad file, and
 * still gives every good file's findings. More cases: {@code -Drempart.fuzz.cases=20000}, another
 * seed: {@code -Drempart.fuzz.seed=7}.
 */
class HostileInputFuzzTest {
  private static final long SEED = Long.getLong("rempart.fuzz.seed", 14);
  private static final int CASES = Integer.getInteger("rempart.fuzz.cases", 1_000);

  /** The audits run over a tenth of the cases: each audit is a whole run of the command. */
  private static final int AUDITED_CASES = Math.max(50, CASES / 10);

  private static final int CASES_PER_AUDIT = 50;

  /** Objects with a null list entry, audited in one run. */
  private static final int NULL_ENTRY_CASES = 200;

  /** A hang guard, not a speed target: a 3 MiB scalar alone takes SnakeYAML ~10 s on one core. */
  private static final long CASE_TIMEOUT_SECONDS = 60;

  private static final long HEAP_GROWTH_LIMIT = 256L << 20;
  private static final Path CORPUS =
      Path.of(System.getProperty("rempart.repository.root", "..")).resolve("../shared/corpus");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ExecutorService reader;

  @BeforeAll
  static void start() {
    reader = Executors.newSingleThreadExecutor();
  }

  @AfterAll
  static void stop() {
    reader.shutdownNow();
  }

  /** The kinds the audit reads whole (with the built-in baseline); the others, their head only. */
  private static final Set<Class<?>> AUDITED_TYPES = auditedTypes();

  private static Set<Class<?>> auditedTypes() {
    Set<Class<?>> types = new HashSet<>(Evaluator.standard().watchedTypes());
    types.add(SecurityBaseline.class);
    return types;
  }

  /** What reading one case gave: null when it read, else the message. */
  private static String read(HostileInput.Case c, String name, Predicate<Class<?>> typed)
      throws Exception {
    Future<String> reading =
        reader.submit(
            () -> {
              try {
                ManifestReader.read(new ByteArrayInputStream(c.bytes()), name, typed, m -> {});
                return null;
              } catch (ManifestException e) {
                return e.getMessage();
              }
            });
    try {
      return reading.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      reading.cancel(true);
      throw new AssertionError("reading " + c.kind() + " took over " + CASE_TIMEOUT_SECONDS + " s");
    }
  }

  @Test
  void readingFailsOnlyWithAMessageNamingTheFile() throws Exception {
    HostileInput input = new HostileInput(SEED, CORPUS);
    long baseline = heapAfterGc();
    long maxGrowth = 0;
    long slowest = 0;
    String slowestKind = "";
    int refused = 0;
    for (int i = 0; i < CASES; i++) {
      HostileInput.Case c = input.next();
      String name = "case-" + i + ".yaml";
      long start = System.nanoTime();
      String message;
      try {
        message = read(c, name, type -> true);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new AssertionError(
            "case " + i + " (" + c.kind() + ", seed " + SEED + ") threw " + e.getCause(),
            e.getCause());
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (millis > slowest) {
        slowest = millis;
        slowestKind = c.kind();
      }
      if (message != null) {
        refused++;
        assertThat(message).as(c.kind()).startsWith(name).doesNotContain("\n");
        assertThat(message).as(c.kind()).doesNotContain("java.lang", "Exception", "Constraints");
      }
      if (i % 250 == 249) {
        maxGrowth = Math.max(maxGrowth, heapAfterGc() - baseline);
      }
    }
    maxGrowth = Math.max(maxGrowth, heapAfterGc() - baseline);
    System.out.printf(
        "hostile input (seed %d, %d seeds from the corpus): %d cases read, %d refused with a"
            + " message; slowest %d ms (%s); heap growth after GC at most %d MiB%n",
        SEED,
        input.seedCount(),
        CASES,
        refused,
        slowest,
        slowestKind.length() > 80 ? slowestKind.substring(0, 80) + "..." : slowestKind,
        maxGrowth >> 20);
    assertThat(refused).as("the generator makes bad input").isGreaterThan(CASES / 4);
    assertThat(refused).as("and input that reads").isLessThan(CASES);
    assertThat(maxGrowth).as("heap growth").isLessThan(HEAP_GROWTH_LIMIT);
  }

  /**
   * Each hostile file has a good file beside it, a workload in a namespace of its own with no
   * default deny: its finding must be in the audit whatever the hostile files hold.
   */
  @Test
  void theAuditNamesEveryBadFileAndStillAuditsEveryGoodOne(@TempDir Path dir) throws Exception {
    HostileInput input = new HostileInput(SEED + 1, CORPUS);
    long slowest = 0;
    int named = 0;
    int unevaluable = 0;
    for (int first = 0; first < AUDITED_CASES; first += CASES_PER_AUDIT) {
      Path folder = Files.createDirectories(dir.resolve("audit-" + first));
      Set<String> bad = new HashSet<>();
      List<String> kinds = new ArrayList<>();
      for (int i = first; i < first + CASES_PER_AUDIT; i++) {
        HostileInput.Case c = input.next();
        kinds.add(c.kind());
        Path file = folder.resolve("case-" + i + ".yaml");
        Files.write(file, c.bytes());
        if (refusedByTheAudit(c, file.toString())) {
          bad.add(file.toString());
        }
        AuditFixtures.write(
            folder, "good-" + i + ".yaml", NO_DEFAULT_DENY.replace("shop", "sentinel-" + i));
      }
      long start = System.nanoTime();
      CliRun.Result r = audit(folder);
      slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
      String context = "cases from " + first + " of seed " + (SEED + 1);
      assertThat(r.hasStackTrace()).as(context + "\n" + r.err()).isFalse();
      assertThat(r.exitCode())
          .as(context + "\n" + r.err())
          .isIn(ExitCodes.FINDINGS, ExitCodes.USAGE);
      JsonNode json = JSON.readTree(r.out());
      Set<String> listed = new HashSet<>();
      json.path("errors").forEach(e -> listed.add(e.get("file").asText()));
      for (String file : listed) {
        assertThat(bad)
            .as(context + ": listed, but reads alone: " + kindOf(file, first, kinds))
            .contains(file);
      }
      for (String file : bad) {
        assertThat(listed)
            .as(context + ": not listed: " + kindOf(file, first, kinds))
            .contains(file);
      }
      // An object a control cannot evaluate is named (kind, namespace, name), not its namespace.
      for (JsonNode f : json.get("findings")) {
        if (f.path("check").asText().equals("unevaluable")) {
          unevaluable++;
          assertThat(f.path("resource").path("kind").asText())
              .as(context + ": " + f.path("message").asText())
              .isNotEqualTo("Namespace");
        }
      }
      String findings = json.get("findings").toString();
      for (int i = first; i < first + CASES_PER_AUDIT; i++) {
        if (!Pattern.compile("sentinel-" + i + "\\b").matcher(findings).find()) {
          fail(
              "the good file beside case "
                  + i
                  + " ("
                  + kinds.get(i - first)
                  + ") lost its finding");
        }
      }
      named += bad.size();
    }
    System.out.printf(
        "hostile audits (seed %d): %d cases beside as many good files, %d bad files named, %d"
            + " objects unevaluable (each named); slowest audit of %d files %d ms%n",
        SEED + 1, AUDITED_CASES, named, unevaluable, 2 * CASES_PER_AUDIT, slowest);
  }

  /**
   * Real objects each with a null entry in one of their lists (the shape that once stopped a whole
   * control in a namespace): audited together beside a good file, every object a control cannot
   * evaluate is named (kind, namespace, name), never its namespace, and the good file's finding is
   * there.
   */
  @Test
  void anObjectAControlCannotEvaluateIsNamed(@TempDir Path dir) throws Exception {
    HostileInput input = new HostileInput(SEED + 2, CORPUS);
    List<String> kinds = new ArrayList<>();
    for (int i = 0; i < NULL_ENTRY_CASES; i++) {
      HostileInput.Case c = input.nullEntry();
      kinds.add(c.kind());
      Files.write(dir.resolve("case-" + i + ".yaml"), c.bytes());
    }
    AuditFixtures.write(dir, "good.yaml", NO_DEFAULT_DENY.replace("shop", "sentinel"));
    CliRun.Result r = audit(dir);
    assertThat(r.hasStackTrace()).as(r.err()).isFalse();
    JsonNode json = JSON.readTree(r.out());
    List<String> unevaluable = new ArrayList<>();
    List<String> namespaceOnly = new ArrayList<>();
    for (JsonNode f : json.get("findings")) {
      if (f.path("check").asText().equals("unevaluable")) {
        JsonNode resource = f.path("resource");
        if (resource.path("kind").asText().equals("Namespace")) {
          namespaceOnly.add(f.path("message").asText());
        }
        unevaluable.add(
            f.path("control").asText()
                + " "
                + resource.path("kind").asText()
                + " "
                + resource.path("namespace").asText()
                + "/"
                + resource.path("name").asText());
      }
    }
    assertThat(json.get("findings").toString()).contains("sentinel");
    assertThat(namespaceOnly)
        .as("unevaluable findings naming a namespace, not an object")
        .isEmpty();
    System.out.printf(
        "null entries (seed %d): %d objects audited together, %d unevaluable, each named: %s%n",
        SEED + 2, NULL_ENTRY_CASES, unevaluable.size(), unevaluable);
    // The seed and the corpus are fixed: these cases do reach controls that fail on them, so the
    // naming above is exercised, not vacuous.
    assertThat(unevaluable).as("cases: " + kinds).isNotEmpty();
  }

  /**
   * Whether the audit's reading refuses the case: as it reads, document by document, the kinds it
   * does not evaluate by their head only, input that is no manifest skipped rather than refused.
   */
  private static boolean refusedByTheAudit(HostileInput.Case c, String name) throws Exception {
    Future<Boolean> reading =
        reader.submit(
            () -> {
              try {
                Reader text =
                    new InputStreamReader(
                        new ByteArrayInputStream(c.bytes()),
                        StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT));
                YamlDocuments cut = new YamlDocuments(text);
                for (YamlDocuments.Document d = cut.next(); d != null; d = cut.next()) {
                  ManifestReader.readDocument(d, name, AUDITED_TYPES::contains, m -> {});
                }
                return false;
              } catch (ManifestException | CharacterCodingException e) {
                return true;
              }
            });
    return reading.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  private static String kindOf(String file, int first, List<String> kinds) {
    String name = Path.of(file).getFileName().toString();
    int i = Integer.parseInt(name.replaceAll("\\D", ""));
    String kind = kinds.get(i - first);
    return file + " (" + (kind.length() > 300 ? kind.substring(0, 300) + "..." : kind) + ")";
  }

  private static CliRun.Result audit(Path folder) throws Exception {
    Future<CliRun.Result> run =
        Executors.newSingleThreadExecutor()
            .submit(() -> AuditFixtures.auditBuiltIn("-f", folder.toString(), "-o", "json"));
    return run.get(CASE_TIMEOUT_SECONDS * 2, TimeUnit.SECONDS);
  }

  private static long heapAfterGc() throws IOException {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
