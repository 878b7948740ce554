package dev.rempart.recorder;

import dev.rempart.record.ChainHead;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** A head kept in a file as one line {@code SEQ:HASH}, replaced atomically. */
public final class FileChainHeadStore implements ChainHeadStore {
  private final Path file;

  public FileChainHeadStore(Path file) {
    this.file = file;
  }

  @Override
  public Optional<ChainHead> load() throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(ChainHead.parse(text));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": not a chain head: " + e.getMessage());
    }
  }

  @Override
  public void save(ChainHead head) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, ".head", ".tmp");
    Files.writeString(temporary, head + "\n", StandardCharsets.UTF_8);
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public String describe() {
    return "file " + file;
  }
}
