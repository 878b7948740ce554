package dev.rempart.cli.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rempart.cli.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads {@code --baseline-findings}: a previous {@code -o json} or {@code -o sarif} output of
 * {@code rempart audit} (from the main branch, say). Each finding's fingerprint is taken as
 * written; an output without fingerprints (an older Rempart) has them computed from the check and
 * the object it names, which both formats carry.
 */
public final class FindingsBaselineReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private FindingsBaselineReader() {}

  public static FindingsBaseline read(Path file) {
    String name = file.toString();
    if (!Files.isRegularFile(file)) {
      throw new UsageException(name + ": no such file (--baseline-findings)");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
      throw new UsageException(
          name
              + ":"
              + line
              + ": not the JSON or SARIF output of rempart audit: "
              + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new UsageException(name + ": cannot read the file: " + e.getMessage(), e);
    }
    if (root != null && root.has("runs")) {
      return new FindingsBaseline(name, fromSarif(root));
    }
    if (root != null && JsonFormatter.SCHEMA.equals(root.path("schema").asText())) {
      return new FindingsBaseline(name, fromJson(root));
    }
    throw new UsageException(
        name
            + ": not the output of rempart audit -o json (schema "
            + JsonFormatter.SCHEMA
            + ") or -o sarif (runs)");
  }

  private static Set<String> fromJson(JsonNode root) {
    Set<String> fingerprints = new HashSet<>();
    for (JsonNode f : root.path("findings")) {
      String given = f.path("fingerprint").asText("");
      fingerprints.add(
          given.isEmpty()
              ? fingerprint(
                  f.path("control").asText(), f.path("check").asText(), f.path("resource"))
              : given);
    }
    return fingerprints;
  }

  private static Set<String> fromSarif(JsonNode root) {
    Set<String> fingerprints = new HashSet<>();
    for (JsonNode run : root.path("runs")) {
      if (!"Rempart".equals(run.at("/tool/driver/name").asText())) {
        continue;
      }
      for (JsonNode result : run.path("results")) {
        String given = result.path("partialFingerprints").path(Fingerprints.SARIF_KEY).asText("");
        if (!given.isEmpty()) {
          fingerprints.add(given);
          continue;
        }
        String[] rule = result.path("ruleId").asText().split("/", 2);
        if (rule.length == 2) {
          fingerprints.add(fingerprint(rule[0], rule[1], result.at("/properties/resource")));
        }
      }
    }
    return fingerprints;
  }

  private static String fingerprint(String control, String check, JsonNode resource) {
    JsonNode namespace = resource.get("namespace");
    return Fingerprints.of(
        control,
        check,
        resource.path("kind").asText(),
        namespace == null ? null : namespace.asText(),
        resource.path("name").asText());
  }
}
