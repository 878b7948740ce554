package dev.rempart.cli.input;

import dev.rempart.cli.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Turns what the user passed to {@code -f} into the files to read: a file as it is, a folder
 * recursively (its {@code *.yaml}, {@code *.yml} and {@code *.json}, in name order, hidden folders
 * such as {@code .git} skipped), {@code -} for standard input.
 */
public final class ManifestSources {
  public static final String STDIN = "-";
  private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");

  private ManifestSources() {}

  /** One input: a file, or standard input when {@code path} is null. */
  public record Source(String name, Path path) {
    /** Opens the input; standard input is never closed by the reader. */
    public InputStream open(InputStream stdin) throws IOException {
      if (path == null) {
        return new NonClosingInputStream(stdin);
      }
      return Files.newInputStream(path);
    }
  }

  /**
   * Expands the paths in the order given; a folder's files are named as the folder was plus their
   * relative path, so messages point where the user looks.
   */
  public static List<Source> expand(List<String> paths) {
    List<Source> sources = new ArrayList<>();
    boolean stdinSeen = false;
    for (String p : paths) {
      if (STDIN.equals(p)) {
        if (stdinSeen) {
          throw new UsageException("-: standard input can be read only once");
        }
        stdinSeen = true;
        sources.add(new Source(STDIN, null));
        continue;
      }
      Path path = Path.of(p);
      if (!Files.exists(path)) {
        throw new UsageException(p + ": no such file or directory");
      }
      if (Files.isDirectory(path)) {
        sources.addAll(folder(p, path));
      } else {
        sources.add(new Source(p, path));
      }
    }
    return sources;
  }

  private static List<Source> folder(String name, Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(f -> !isHidden(folder, f))
          .filter(Files::isRegularFile)
          .filter(ManifestSources::isManifest)
          .sorted()
          .map(f -> new Source(display(name, folder, f), f))
          .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new UsageException(name + ": cannot list the folder: " + e.getMessage(), e);
    }
  }

  private static boolean isHidden(Path root, Path file) {
    for (Path part : root.relativize(file)) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isManifest(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return EXTENSIONS.stream().anyMatch(name::endsWith);
  }

  private static String display(String name, Path folder, Path file) {
    String relative = folder.relativize(file).toString();
    return name.endsWith("/") ? name + relative : name + "/" + relative;
  }

  /** Standard input must stay open for the process: the reader closes what it reads. */
  private static final class NonClosingInputStream extends java.io.FilterInputStream {
    NonClosingInputStream(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // Deliberately left open.
    }
  }
}
