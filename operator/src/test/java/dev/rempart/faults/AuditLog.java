package dev.rempart.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The API server's audit log, as the fault tests read it: each request an operator process made
 * (the policy of {@link FaultControlPlane} keeps all of theirs), by whom (the UID of its token) and
 * when the API server received it. It is the API server's own account of what was written, not the
 * operator's.
 */
final class AuditLog {
  static final Set<String> WRITES =
      Set.of("create", "update", "patch", "delete", "deletecollection");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request: who, what, on what, when received, with what answer. */
  record Request(
      String uid,
      String verb,
      String resource,
      String namespace,
      String name,
      Instant received,
      int code,
      String message) {
    boolean isWrite() {
      return WRITES.contains(verb);
    }

    /**
     * A request the API server could not read whole: its client cancelled the HTTP/2 stream before
     * the end of the body (as the operator's fence at the body does), so there was nothing to
     * decode or apply.
     */
    boolean bodyCancelled() {
      return code == 500 && message.startsWith("stream error:") && message.endsWith("; CANCEL");
    }

    /** Whether the API server carried it out (a refused or conflicting write changed nothing). */
    boolean succeeded() {
      return code >= 200 && code < 300;
    }

    @Override
    public String toString() {
      return "%s %s %s/%s/%s at %s -> %d"
          .formatted(uid, verb, resource, namespace, name, received, code);
    }
  }

  private AuditLog() {}

  static List<Request> read(Path file) {
    try {
      if (!Files.exists(file)) {
        return List.of();
      }
      return completeLines(Files.readString(file)).stream()
          .filter(l -> !l.isBlank())
          .map(AuditLog::parse)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The lines the API server has finished writing. The tests read the log while the API server
   * runs, so its last line may still be half written: it counts once its newline is there (a
   * complete line that cannot be read still fails the test).
   */
  static List<String> completeLines(String log) {
    int end = log.lastIndexOf('\n');
    return end < 0 ? List.of() : log.substring(0, end).lines().toList();
  }

  private static Request parse(String line) {
    try {
      JsonNode event = JSON.readTree(line);
      JsonNode object = event.path("objectRef");
      return new Request(
          event.path("user").path("uid").asText(),
          event.path("verb").asText(),
          object.path("resource").asText(),
          object.path("namespace").asText(),
          object.path("name").asText(),
          Instant.parse(event.path("requestReceivedTimestamp").asText()),
          event.path("responseStatus").path("code").asInt(),
          event.path("responseStatus").path("message").asText(""));
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable audit line: " + line, e);
    }
  }
}
