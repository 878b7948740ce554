package dev.rempart.cli.input;

import dev.rempart.cli.UsageException;
import dev.rempart.cli.input.ManifestSources.Source;
import dev.rempart.io.ManifestReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.util.List;

/**
 * Reads every source into a collector, document by document. A file that cannot be read becomes a
 * one-line message naming it; a malformed one, a message naming its file and line.
 */
public final class InputReader {
  private final InputStream stdin;

  public InputReader(InputStream stdin) {
    this.stdin = stdin;
  }

  public void readAll(List<Source> sources, InputCollector collector) {
    for (Source source : sources) {
      read(source, collector);
    }
  }

  private void read(Source source, InputCollector collector) {
    if (source.path() != null && !Files.isReadable(source.path())) {
      throw new UsageException(source.name() + ": cannot read the file: permission denied");
    }
    collector.fileOpened();
    try (InputStream in = source.open(stdin)) {
      ManifestReader.read(in, source.name(), collector::keepsTyped, collector);
    } catch (AccessDeniedException e) {
      throw new UsageException(source.name() + ": cannot read the file: permission denied", e);
    } catch (IOException e) {
      throw cannotRead(source, e);
    } catch (UncheckedIOException e) {
      throw cannotRead(source, e.getCause());
    }
  }

  private static UsageException cannotRead(Source source, IOException e) {
    return new UsageException(source.name() + ": cannot read the file: " + describe(e), e);
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
