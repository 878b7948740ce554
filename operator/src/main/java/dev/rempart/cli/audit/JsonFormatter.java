package dev.rempart.cli.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rempart.cli.audit.AuditReport.LocatedFinding;
import dev.rempart.cli.input.InputIssues;
import dev.rempart.cli.input.InputSummary;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/**
 * The machine-readable audit. Its schema is a contract, written down in {@code
 * docs/audit-json-schema.json} and checked by a test: fields are added, never renamed or removed,
 * without a new {@link #SCHEMA} version.
 */
final class JsonFormatter implements AuditFormatter {
  /** Names the schema and its version; a breaking change makes it {@code rempart.dev/audit/v2}. */
  static final String SCHEMA = "rempart.dev/audit/v1";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public void write(AuditReport audit, PrintWriter out, Ansi ansi) {
    try {
      out.println(MAPPER.writeValueAsString(toJson(audit)));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode toJson(AuditReport audit) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("rempartVersion", audit.rempartVersion());
    ObjectNode baseline = root.putObject("baseline");
    baseline.put("name", audit.baselineName());
    baseline.put("source", audit.baselineSource());
    baseline.put("mode", audit.baselineMode().name());
    root.set("summary", summary(audit));
    ArrayNode findings = root.putArray("findings");
    audit.findings().forEach(f -> findings.add(finding(audit, f)));
    issues(root, audit.input().issues());
    return root;
  }

  /** Present only when there are any, so that a clean input's output is unchanged. */
  private static void issues(ObjectNode root, InputIssues issues) {
    if (!issues.errors().isEmpty()) {
      ArrayNode errors = root.putArray("errors");
      issues
          .errors()
          .forEach(
              e -> located(errors.addObject(), e.file(), e.line()).put("message", e.message()));
    }
    if (!issues.skipped().isEmpty()) {
      ArrayNode skipped = root.putArray("notManifests");
      issues
          .skipped()
          .forEach(
              s -> {
                ObjectNode node = located(skipped.addObject(), s.file(), s.line());
                node.put("reason", s.reason().id());
                node.put("message", s.message());
                if (s.reason().hint() != null) {
                  node.put("hint", s.reason().hint());
                }
              });
    }
  }

  private static ObjectNode located(ObjectNode node, String file, int line) {
    node.put("file", file);
    if (line > 0) {
      node.put("line", line);
    }
    return node;
  }

  private static ObjectNode summary(AuditReport audit) {
    ObjectNode summary = MAPPER.createObjectNode();
    summary.put("failOn", audit.failOn().id());
    summary.put("failed", audit.failed());
    summary.put("scope", audit.scope().id());
    if (audit.findingsBaseline() != null) {
      summary.put("baselineFindings", audit.findingsBaseline());
    }
    ObjectNode counts = summary.putObject("findings");
    counts.put("total", audit.findings().size());
    audit.countBySeverity().forEach((s, n) -> counts.put(s.id(), n));
    counts.put("excepted", audit.exceptedCount());
    counts.put("platform", audit.platformCount());
    counts.put("existing", audit.existingCount());
    ArrayNode exceptions = summary.putArray("exceptions");
    audit
        .exceptions()
        .forEach(
            a ->
                exceptions
                    .addObject()
                    .put("name", a.name())
                    .put("phase", a.phase().name())
                    .put("reason", a.reason())
                    .put("message", a.message()));
    InputSummary input = audit.input();
    ObjectNode in = summary.putObject("input");
    in.put("files", input.files());
    in.put("objects", input.objects());
    in.put("evaluated", input.evaluatedTotal());
    in.put("skipped", input.skippedTotal());
    in.put("duplicates", input.duplicates());
    putCounts(in.putObject("evaluatedByKind"), input.evaluated());
    putCounts(in.putObject("skippedByKind"), input.skipped());
    InputIssues issues = input.issues();
    if (issues.hasErrors()) {
      in.put("errors", issues.errors().size());
    }
    if (!issues.skipped().isEmpty()) {
      in.put("notManifests", issues.skipped().size());
      ObjectNode byReason = in.putObject("notManifestsByReason");
      issues.skippedByReason().forEach((reason, n) -> byReason.put(reason.id(), n));
    }
    ObjectNode namespaces = summary.putObject("namespaces");
    audit.governedNamespaces().forEach(namespaces.putArray("governed")::add);
    audit.impliedNamespaces().forEach(namespaces.putArray("implied")::add);
    summary.set("coverage", coverage(audit.coverage()));
    ArrayNode controls = summary.putArray("controls");
    audit
        .controls()
        .forEach(
            c -> {
              ObjectNode control = controls.addObject();
              control.put("name", c.name());
              control.put("clauses", c.clauses());
              control.put("mode", c.mode().name());
              control.put("examined", c.examined().size());
            });
    return summary;
  }

  static ObjectNode coverage(Coverage coverage) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("allNamespaces", coverage.allNamespaces());
    node.put("objectsNotAudited", coverage.objectsNotAudited());
    node.put("helmTestsSkipped", coverage.helmTests());
    ArrayNode namespaces = node.putArray("namespaces");
    for (Coverage.NamespaceAudit ns : coverage.namespaces()) {
      ObjectNode n = namespaces.addObject();
      n.put("name", ns.name());
      n.put("governed", ns.scope().governed());
      if (!ns.scope().governed()) {
        n.put("reason", ns.scope().reason());
      }
      n.put("objects", ns.objects());
      n.put("implied", ns.implied());
      n.put("widened", ns.widened());
    }
    return node;
  }

  private static void putCounts(ObjectNode node, Map<String, Long> counts) {
    counts.forEach(node::put);
  }

  private static ObjectNode finding(AuditReport audit, LocatedFinding located) {
    Finding f = located.finding();
    ObjectNode node = MAPPER.createObjectNode();
    node.put("control", f.control());
    node.put("check", f.check());
    node.put("clause", f.clause());
    node.put("severity", f.severity().id());
    node.set("resource", resource(f.resource()));
    node.put("message", f.message());
    if (f.excepted()) {
      node.put("exceptedBy", f.exceptedBy());
    }
    node.put("owner", located.owner().id());
    node.put("fingerprint", located.fingerprint());
    node.put("existing", located.existing());
    node.put("fails", audit.fails(located));
    located
        .where()
        .ifPresent(
            l -> {
              node.put("file", l.file());
              node.put("line", l.line());
            });
    return node;
  }

  static ObjectNode resource(ResourceRef ref) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("apiVersion", ref.apiVersion());
    node.put("kind", ref.kind());
    if (ref.namespace() != null) {
      node.put("namespace", ref.namespace());
    }
    node.put("name", ref.name());
    return node;
  }
}
