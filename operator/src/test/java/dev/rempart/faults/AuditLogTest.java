package dev.rempart.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  private static final String CREATE =
      """
      {"kind":"Event","verb":"create","user":{"uid":"u1"},\
      "objectRef":{"resource":"networkpolicies","namespace":"a","name":"deny"},\
      "requestReceivedTimestamp":"2026-12-01T05:57:04.692000Z","responseStatus":{"code":201}}""";

  @TempDir Path dir;

  @Test
  void aLineTheApiServerIsStillWritingIsLeftForTheNextRead() throws IOException {
    Path log = dir.resolve("audit.log");
    Files.writeString(log, CREATE + "\n" + CREATE.substring(0, 40));

    assertThat(AuditLog.read(log))
        .singleElement()
        .satisfies(
            request -> {
              assertThat(request.uid()).isEqualTo("u1");
              assertThat(request.isWrite()).isTrue();
              assertThat(request.succeeded()).isTrue();
            });
  }

  @Test
  void aFinishedLineThatCannotBeReadFailsTheTest() throws IOException {
    Path log = dir.resolve("audit.log");
    Files.writeString(log, CREATE.substring(0, 40) + "\n" + CREATE + "\n");

    assertThatThrownBy(() -> AuditLog.read(log))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("unreadable audit line");
  }

  @Test
  void aLogWithNoFinishedLineHasNoRequests() {
    assertThat(AuditLog.completeLines("{\"kind\":")).isEmpty();
    assertThat(AuditLog.completeLines("")).isEmpty();
  }
}
