package dev.rempart.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shared control plane's audit log ({@link ControlPlane#auditLog()}), as the admission tests
 * read it: what the API server recorded of a ValidatingAdmissionPolicy's verdict on one request. A
 * binding with the Audit action records each failed validation in the audit annotation {@link
 * #VALIDATION_FAILURE} of the request's event, a JSON list of the failures; that annotation is the
 * only place an Audit verdict can be read.
 */
final class ApiServerAuditLog {
  static final String VALIDATION_FAILURE = "validation.policy.admission.k8s.io/validation_failure";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One failed validation, as the API server recorded it. */
  record Failure(String policy, String binding, String message, List<String> validationActions) {}

  private ApiServerAuditLog() {}

  /**
   * The failures recorded for the creation of an object (empty when its event is not written yet,
   * or when it passed every policy).
   *
   * @param resource the plural resource name ({@code networkpolicies})
   */
  static List<Failure> failuresOnCreate(String resource, String namespace, String name) {
    return events().stream()
        .filter(e -> "create".equals(e.path("verb").asText()))
        .filter(e -> "ResponseComplete".equals(e.path("stage").asText()))
        .filter(e -> resource.equals(e.path("objectRef").path("resource").asText()))
        .filter(e -> namespace.equals(e.path("objectRef").path("namespace").asText()))
        .filter(e -> name.equals(e.path("objectRef").path("name").asText()))
        .map(e -> e.path("annotations").path(VALIDATION_FAILURE))
        .filter(JsonNode::isTextual)
        .flatMap(a -> parse(a.asText()).stream())
        .toList();
  }

  private static List<JsonNode> events() {
    Path file = ControlPlane.auditLog();
    try {
      if (!Files.exists(file)) {
        return List.of();
      }
      return Files.readAllLines(file).stream()
          .filter(l -> !l.isBlank())
          .map(ApiServerAuditLog::event)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode event(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      // The API server may be writing the last line as it is read.
      return JSON.createObjectNode();
    }
  }

  private static List<Failure> parse(String annotation) {
    try {
      List<Failure> failures = new ArrayList<>();
      for (JsonNode f : JSON.readTree(annotation)) {
        List<String> actions = new ArrayList<>();
        f.path("validationActions").forEach(a -> actions.add(a.asText()));
        failures.add(
            new Failure(
                f.path("policy").asText(),
                f.path("binding").asText(),
                f.path("message").asText(),
                actions));
      }
      return failures;
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable " + VALIDATION_FAILURE + ": " + annotation, e);
    }
  }
}
