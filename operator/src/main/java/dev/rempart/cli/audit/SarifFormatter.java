package dev.rempart.cli.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rempart.cli.audit.AuditReport.LocatedFinding;
import dev.rempart.cli.input.InputIssues;
import dev.rempart.cli.input.Location;
import dev.rempart.cli.input.ManifestSources;
import dev.rempart.core.ClauseCatalog;
import dev.rempart.core.Finding;
import dev.rempart.core.Severity;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/**
 * SARIF 2.1.0 (OASIS), as code-scanning dashboards read it: one rule per control check, one result
 * per finding, located at the file and line of the object when the input was a file. Severities map
 * to SARIF levels (critical and high: error; medium: warning; low: note) and to GitHub's {@code
 * security-severity} scores.
 */
final class SarifFormatter implements AuditFormatter {
  static final String SCHEMA_URI =
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public void write(AuditReport audit, PrintWriter out, Ansi ansi) {
    try {
      out.println(MAPPER.writeValueAsString(toSarif(audit)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode toSarif(AuditReport audit) {
    ObjectNode log = MAPPER.createObjectNode();
    log.put("$schema", SCHEMA_URI);
    log.put("version", "2.1.0");
    ObjectNode run = log.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "Rempart");
    driver.put("version", audit.rempartVersion());
    driver.put("semanticVersion", audit.rempartVersion());
    Map<String, Integer> ruleIndex = new LinkedHashMap<>();
    ArrayNode rules = driver.putArray("rules");
    ArrayNode results = run.putArray("results");
    for (LocatedFinding located : audit.findings()) {
      Finding f = located.finding();
      String ruleId = f.control() + "/" + f.check();
      Integer index = ruleIndex.get(ruleId);
      if (index == null) {
        index = rules.size();
        ruleIndex.put(ruleId, index);
        rules.add(rule(ruleId, f));
      } else {
        raiseSeverity((ObjectNode) rules.get(index), f.severity());
      }
      results.add(result(audit, located, ruleId, index));
    }
    invocation(run, audit.input().issues());
    ObjectNode properties = run.putObject("properties");
    properties.put("baseline", audit.baselineName());
    properties.put("baselineSource", audit.baselineSource());
    properties.put("failOn", audit.failOn().id());
    properties.put("scope", audit.scope().id());
    properties.put("failed", audit.failed());
    // What the run left out and why, so that a clean result cannot hide an empty audit.
    properties.set("coverage", JsonFormatter.coverage(audit.coverage()));
    CoverageText.notAudited(audit).forEach(properties.putArray("notAudited")::add);
    return log;
  }

  /**
   * Inputs not read (errors) and skipped (notes) as tool execution notifications, which code
   * scanning shows as the run's problems; present only when there are any.
   */
  private static void invocation(ObjectNode run, InputIssues issues) {
    if (issues.errors().isEmpty() && issues.skipped().isEmpty()) {
      return;
    }
    ObjectNode invocation = run.putArray("invocations").addObject();
    invocation.put("executionSuccessful", !issues.hasErrors());
    ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
    issues
        .errors()
        .forEach(
            e ->
                notifications.add(
                    notification("error", "input/error", e.message(), e.file(), e.line())));
    issues
        .skipped()
        .forEach(
            s ->
                notifications.add(
                    notification(
                        "note",
                        "input/" + s.reason().id(),
                        s.message() + (s.reason().hint() == null ? "" : "; " + s.reason().hint()),
                        s.file(),
                        s.line())));
  }

  private static ObjectNode notification(
      String level, String id, String text, String file, int line) {
    ObjectNode notification = MAPPER.createObjectNode();
    notification.put("level", level);
    notification.putObject("descriptor").put("id", id);
    notification.putObject("message").put("text", text);
    if (!ManifestSources.STDIN.equals(file)) {
      ObjectNode physical =
          notification.putArray("locations").addObject().putObject("physicalLocation");
      physical.putObject("artifactLocation").put("uri", uri(file));
      if (line > 0) {
        physical.putObject("region").put("startLine", line);
      }
    }
    return notification;
  }

  private static ObjectNode rule(String ruleId, Finding f) {
    ObjectNode rule = MAPPER.createObjectNode();
    rule.put("id", ruleId);
    rule.put("name", pascal(f.control()) + pascal(f.check()));
    String clause =
        ClauseCatalog.cited(f.clause())
            .map(c -> "Clause " + f.clause() + " (" + c.title() + "): " + c.promise())
            .orElse("Clause " + f.clause() + ".");
    RuleHelp.Text text =
        RuleHelp.of(f.check())
            .orElse(
                new RuleHelp.Text(
                    f.control() + " " + f.check(),
                    "A finding of the " + f.control() + " control.",
                    "See the result's message."));
    rule.putObject("shortDescription").put("text", text.title());
    rule.putObject("fullDescription").put("text", text.description() + " " + clause);
    rule.putObject("help")
        .put("text", text.fix())
        .put(
            "markdown",
            "**"
                + text.title()
                + "**\n\n"
                + text.description()
                + "\n\n**Fix:** "
                + text.fix()
                + "\n\n"
                + clause
                + "\n\nEach result's message names the object and the exact change.");
    rule.putObject("defaultConfiguration").put("level", level(f.severity()));
    ObjectNode props = rule.putObject("properties");
    props.put("clause", f.clause());
    props.putArray("tags").add("security").add("kubernetes").add("clause-" + f.clause());
    props.put("security-severity", securitySeverity(f.severity()));
    props.put("severity", f.severity().id());
    return rule;
  }

  /** A rule's level is that of its most severe result. */
  private static void raiseSeverity(ObjectNode rule, Severity severity) {
    ObjectNode props = (ObjectNode) rule.get("properties");
    Severity current = Severity.parse(props.get("severity").asText());
    if (severity.atLeast(current) && severity != current) {
      props.put("severity", severity.id());
      props.put("security-severity", securitySeverity(severity));
      ((ObjectNode) rule.get("defaultConfiguration")).put("level", level(severity));
    }
  }

  private static ObjectNode result(
      AuditReport audit, LocatedFinding located, String ruleId, int index) {
    Finding f = located.finding();
    ObjectNode result = MAPPER.createObjectNode();
    result.put("ruleId", ruleId);
    result.put("ruleIndex", index);
    result.put("level", level(f.severity()));
    result.putObject("message").put("text", f.message());
    result.putObject("partialFingerprints").put(Fingerprints.SARIF_KEY, located.fingerprint());
    if (audit.findingsBaseline() != null) {
      result.put("baselineState", located.existing() ? "unchanged" : "new");
    }
    ObjectNode location = result.putArray("locations").addObject();
    located
        .where()
        .filter(l -> !l.isStdin())
        .ifPresent(l -> location.set("physicalLocation", physical(l)));
    location
        .putArray("logicalLocations")
        .addObject()
        .put("name", f.resource().name())
        .put("fullyQualifiedName", f.resource().display())
        .put("kind", "resource");
    if (f.excepted()) {
      // An approved exception: code-scanning dashboards show the result as suppressed.
      result
          .putArray("suppressions")
          .addObject()
          .put("kind", "external")
          .put("status", "accepted")
          .put("justification", "BaselineException " + f.exceptedBy());
    }
    ObjectNode props = result.putObject("properties");
    props.put("clause", f.clause());
    props.put("severity", f.severity().id());
    props.set("resource", JsonFormatter.resource(f.resource()));
    props.put("owner", located.owner().id());
    props.put("fails", audit.fails(located));
    return result;
  }

  private static ObjectNode physical(Location l) {
    ObjectNode physical = MAPPER.createObjectNode();
    physical.putObject("artifactLocation").put("uri", uri(l.file()));
    physical.putObject("region").put("startLine", l.line());
    return physical;
  }

  /** A relative path stays relative (code scanning resolves it against the checkout). */
  static String uri(String file) {
    Path path = Path.of(file);
    if (path.isAbsolute()) {
      return path.toUri().toString();
    }
    try {
      String normalised = path.normalize().toString().replace('\\', '/');
      return new URI(null, null, normalised, null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot make a URI of " + file, e);
    }
  }

  private static String level(Severity severity) {
    return switch (severity) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW -> "note";
    };
  }

  /** GitHub's scale: critical above 9, high 7 to 8.9, medium 4 to 6.9, low below 4. */
  private static String securitySeverity(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "2.0";
    };
  }

  private static String pascal(String word) {
    return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }
}
