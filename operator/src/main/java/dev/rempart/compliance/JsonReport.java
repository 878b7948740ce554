package dev.rempart.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.TreeMap;

/** The report as JSON, for archiving and for tools; the digest is its last field. */
final class JsonReport implements ReportRenderer {
  static final String SCHEMA = "rempart.dev/report/v1";
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public String render(ComplianceReport r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("rempartVersion", r.rempartVersion());
    root.put("generatedAt", ReportText.generated(r));
    ObjectNode source = root.putObject("source");
    source.put("kind", r.source().kind());
    source.put("description", r.source().description());
    source.put("objectsRead", r.source().objectsRead());
    ObjectNode baseline = root.putObject("baseline");
    baseline.put("name", r.baseline().name());
    baseline.put("origin", r.baseline().origin());
    if (r.baseline().generation() != null) {
      baseline.put("generation", r.baseline().generation());
    }
    baseline.put("mode", r.baseline().mode().name());
    ArrayNode governed = root.putArray("governedNamespaces");
    r.governedNamespaces().forEach(governed::add);
    ObjectNode summary = root.putObject("summary");
    r.countByStatus().forEach((s, n) -> summary.put(s.id(), n));
    ArrayNode clauses = root.putArray("clauses");
    r.clauses().forEach(c -> clauses.add(clause(c)));
    findings(root.putArray("otherFindings"), r.otherFindings());
    ArrayNode notes = root.putArray("notes");
    r.notes().forEach(notes::add);
    root.put("integrity", ReportDigest.PLACEHOLDER);
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode clause(ClauseAssessment c) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("clause", c.clause().number());
    node.put("title", c.clause().title());
    node.put("promise", c.clause().promise());
    node.put("status", c.status().id());
    node.put("reason", c.reason());
    ArrayNode evidence = node.putArray("evidence");
    for (ControlEvidence e : c.evidence()) {
      ObjectNode ev = evidence.addObject();
      ev.put("control", e.control());
      ev.put("ran", e.mode() != null);
      if (e.mode() != null) {
        ev.put("mode", e.mode().name());
      }
      ev.put("status", e.status().id());
      ev.put("reason", e.reason());
      ObjectNode examined = ev.putObject("examined");
      new TreeMap<>(e.examinedByKind()).forEach(examined::put);
      ArrayNode namespaces = ev.putArray("namespaces");
      e.namespaces().forEach(namespaces::add);
      ArrayNode records = ev.putArray("records");
      for (dev.rempart.core.Evidence r : e.records()) {
        ObjectNode record = records.addObject();
        record.put("check", r.check());
        record.put("status", r.status().id());
        if (r.resource() != null) {
          record.set("resource", resource(r.resource()));
        }
        record.put("reason", r.reason());
      }
    }
    findings(node.putArray("findings"), c.findings());
    return node;
  }

  private static void findings(ArrayNode out, List<Finding> findings) {
    for (Finding f : findings) {
      ObjectNode node = out.addObject();
      node.put("control", f.control());
      node.put("check", f.check());
      node.put("clause", f.clause());
      node.put("severity", f.severity().id());
      node.set("resource", resource(f.resource()));
      node.put("message", f.message());
    }
  }

  private static ObjectNode resource(ResourceRef ref) {
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
