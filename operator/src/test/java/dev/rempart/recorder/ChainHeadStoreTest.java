package dev.rempart.recorder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rempart.record.ChainHead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainHeadStoreTest {
  @TempDir Path dir;

  @Test
  void aFileStoreKeepsTheHeadAcrossInstances() throws IOException {
    Path file = dir.resolve("state/head");
    ChainHead head = new ChainHead(42, "d".repeat(64));

    assertThat(new FileChainHeadStore(file).load()).isEmpty();
    new FileChainHeadStore(file).save(head);

    assertThat(new FileChainHeadStore(file).load()).contains(head);
    assertThat(Files.readString(file)).isEqualTo("42:" + "d".repeat(64) + "\n");
  }

  @Test
  void aDamagedFileIsUnreadableNotEmpty() throws IOException {
    Path file = Files.writeString(dir.resolve("head"), "garbage");

    assertThatThrownBy(() -> new FileChainHeadStore(file).load())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not a chain head");
  }
}
