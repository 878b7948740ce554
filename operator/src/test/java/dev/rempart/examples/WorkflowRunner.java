package dev.rempart.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the {@code run:} steps of a GitHub Actions job on this machine, as the runner would: in the
 * checkout, with the job's and step's environment, {@code $GITHUB_OUTPUT} read back into {@code
 * steps.<id>.outputs}, and each step's {@code if:} evaluated (the small part of the expression
 * language the examples use: contexts, {@code ==}, {@code !=}, {@code !}, {@code &&}, {@code ||},
 * parentheses, {@code always()}). {@code uses:} steps are skipped; {@code java -jar rempart.jar},
 * {@code curl} and {@code gh} are stand-ins on the PATH: Rempart from the test class path, a
 * download that does nothing, and a {@code gh} that records the comment.
 */
final class WorkflowRunner {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern EXPRESSION = Pattern.compile("\\$\\{\\{\\s*(.*?)\\s*}}");

  /** What a step did. */
  record StepRun(String name, boolean ran, int exitCode, String output) {}

  private final JsonNode job;
  private final Path checkout;
  private final Path runnerTemp;
  private final Path bin;
  private final Path comments;
  private final Map<String, String> contexts = new HashMap<>();
  private final Map<String, Map<String, String>> outputs = new HashMap<>();
  private boolean failed;

  WorkflowRunner(Path workflow, String jobName, Path checkout, Path work) throws IOException {
    this.job = YAML.readTree(workflow.toFile()).at("/jobs/" + jobName);
    this.checkout = checkout;
    this.runnerTemp = Files.createDirectories(work.resolve("runner-temp"));
    this.bin = Files.createDirectories(work.resolve("bin"));
    this.comments = work.resolve("comments.log");
    installStandIns();
  }

  /** Sets a context value, such as {@code github.event.pull_request.base.sha}. */
  WorkflowRunner context(String name, String value) {
    contexts.put(name, value);
    return this;
  }

  /** The comments {@code gh pr comment} was asked to post, in order. */
  List<String> comments() throws IOException {
    if (!Files.exists(comments)) {
      return List.of();
    }
    List<String> all = new ArrayList<>();
    for (String c : Files.readString(comments).split("\u0000")) {
      if (!c.isEmpty()) {
        all.add(c);
      }
    }
    return all;
  }

  /** Runs every step in order; a failed step makes later steps without always() skip. */
  List<StepRun> run() throws Exception {
    List<StepRun> runs = new ArrayList<>();
    for (JsonNode step : job.get("steps")) {
      String name = step.path("name").asText(step.path("uses").asText());
      if (!step.has("run")) {
        runs.add(new StepRun(name, false, 0, ""));
        continue;
      }
      String condition = step.path("if").asText("");
      boolean runs_ = condition.isEmpty() ? !failed : truthy(condition);
      if (!runs_) {
        runs.add(new StepRun(name, false, 0, ""));
        continue;
      }
      StepRun run = execute(name, step);
      runs.add(run);
      if (run.exitCode() != 0) {
        failed = true;
      }
    }
    return runs;
  }

  private StepRun execute(String name, JsonNode step) throws Exception {
    Path outputFile = Files.createTempFile(runnerTemp, "output", ".txt");
    Path script = Files.createTempFile(runnerTemp, "step", ".sh");
    Files.writeString(script, substitute(step.get("run").asText()));
    ProcessBuilder pb = new ProcessBuilder("bash", "-e", script.toString());
    pb.directory(checkout.toFile());
    pb.redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("PATH", bin + ":" + System.getenv("PATH"));
    env.put("RUNNER_TEMP", runnerTemp.toString());
    env.put("GITHUB_OUTPUT", outputFile.toString());
    env.put("REMPART_TEST_CLASSPATH", System.getProperty("java.class.path"));
    env.put(
        "REMPART_TEST_JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
    env.put("REMPART_TEST_COMMENTS", comments.toString());
    job.path("env")
        .fields()
        .forEachRemaining(e -> env.put(e.getKey(), substitute(e.getValue().asText())));
    step.path("env")
        .fields()
        .forEachRemaining(e -> env.put(e.getKey(), substitute(e.getValue().asText())));
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException("step " + name + " timed out");
    }
    if (step.has("id")) {
      Map<String, String> values = new LinkedHashMap<>();
      for (String line : Files.readAllLines(outputFile)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          values.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      outputs.put(step.get("id").asText(), values);
    }
    return new StepRun(name, true, process.exitValue(), output);
  }

  private String substitute(String text) {
    Matcher m = EXPRESSION.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(new Expression(m.group(1)).value()));
    }
    m.appendTail(out);
    return out.toString();
  }

  private boolean truthy(String condition) {
    String value = new Expression(condition).value();
    return !value.isEmpty() && !value.equals("false") && !value.equals("0");
  }

  /** A recursive-descent reader of the expressions the examples use. */
  private final class Expression {
    private final String text;
    private int at;

    Expression(String text) {
      this.text = text.trim();
    }

    String value() {
      String v = or();
      skipSpaces();
      if (at != text.length()) {
        throw new IllegalArgumentException("cannot read expression: " + text);
      }
      return v;
    }

    private String or() {
      String left = and();
      while (take("||")) {
        String right = and();
        left = truth(left) ? left : right;
      }
      return left;
    }

    private String and() {
      String left = comparison();
      while (take("&&")) {
        String right = comparison();
        left = truth(left) ? right : left;
      }
      return left;
    }

    private String comparison() {
      String left = unary();
      if (take("==")) {
        return Boolean.toString(left.equals(unary()));
      }
      if (take("!=")) {
        return Boolean.toString(!left.equals(unary()));
      }
      return left;
    }

    private String unary() {
      if (take("!")) {
        return Boolean.toString(!truth(unary()));
      }
      if (take("(")) {
        String v = or();
        expect(")");
        return v;
      }
      skipSpaces();
      if (text.startsWith("'", at)) {
        int end = text.indexOf('\'', at + 1);
        String v = text.substring(at + 1, end);
        at = end + 1;
        return v;
      }
      int start = at;
      while (at < text.length()
          && (Character.isLetterOrDigit(text.charAt(at)) || "._-".indexOf(text.charAt(at)) >= 0)) {
        at++;
      }
      String name = text.substring(start, at);
      if (name.isEmpty()) {
        throw new IllegalArgumentException("cannot read expression: " + text);
      }
      if (take("()")) {
        if (name.equals("always")) {
          return "true";
        }
        if (name.equals("success")) {
          return Boolean.toString(!failed);
        }
        throw new IllegalArgumentException("unknown function " + name);
      }
      return lookup(name);
    }

    private String lookup(String name) {
      if (name.startsWith("steps.")) {
        String[] parts = name.split("\\.");
        return outputs.getOrDefault(parts[1], Map.of()).getOrDefault(parts[3], "");
      }
      if (!contexts.containsKey(name)) {
        throw new IllegalArgumentException("no value for context " + name + " in the test");
      }
      return contexts.get(name);
    }

    private boolean truth(String v) {
      return !v.isEmpty() && !v.equals("false") && !v.equals("0");
    }

    private boolean take(String token) {
      skipSpaces();
      if (text.startsWith(token, at) && !(token.equals("!") && text.startsWith("!=", at))) {
        at += token.length();
        return true;
      }
      return false;
    }

    private void expect(String token) {
      if (!take(token)) {
        throw new IllegalArgumentException("expected " + token + " in " + text);
      }
    }

    private void skipSpaces() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }
  }

  private void installStandIns() throws IOException {
    script(
        "java",
        """
        #!/usr/bin/env bash
        # java -jar .../rempart.jar ARGS: Rempart from the test's class path; JVM options dropped.
        while [ $# -gt 0 ]; do
          case "$1" in
            -jar) shift; shift; break ;;
            *) shift ;;
          esac
        done
        exec "$REMPART_TEST_JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \\
          -cp "$REMPART_TEST_CLASSPATH" dev.rempart.cli.Main "$@"
        """);
    script(
        "curl",
        """
        #!/usr/bin/env bash
        # The download: the stand-in java does not need the jar; leave an empty file where asked.
        while [ $# -gt 0 ]; do
          if [ "$1" = -o ]; then : > "$2"; shift; fi
          shift
        done
        """);
    script(
        "gh",
        """
        #!/usr/bin/env bash
        # gh pr comment N --body-file FILE [--edit-last]: record the body; --edit-last fails when
        # there is no comment yet, as gh does.
        body=""; edit=0
        while [ $# -gt 0 ]; do
          case "$1" in
            --body-file) body="$2"; shift ;;
            --edit-last) edit=1 ;;
          esac
          shift
        done
        if [ "$edit" = 1 ] && [ ! -s "$REMPART_TEST_COMMENTS" ]; then
          echo "no comments found for current user" >&2; exit 1
        fi
        cat "$body" >> "$REMPART_TEST_COMMENTS"
        printf '\\0' >> "$REMPART_TEST_COMMENTS"
        """);
  }

  private void script(String name, String content) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
