package dev.rempart.cli.input;

import dev.rempart.cli.UsageException;
import dev.rempart.io.NotAManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns what the user passed to {@code -f} into the files to read: a file as it is, a folder
 * recursively (its {@code *.yaml}, {@code *.yml} and {@code *.json}, in name order, hidden folders
 * such as {@code .git} skipped), {@code -} for standard input. What is known not to be manifests
 * without reading it is marked to be skipped: a Helm chart's folder (it holds a {@code Chart.yaml})
 * and kustomize's {@code kustomization.yaml}.
 */
public final class ManifestSources {
  public static final String STDIN = "-";
  private static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".json");
  private static final String CHART = "Chart.yaml";
  private static final List<String> KUSTOMIZATIONS =
      List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

  private ManifestSources() {}

  /**
   * One input: a file, or standard input when {@code path} is null.
   *
   * @param skip why it is skipped without being read, or null when it is to be read
   */
  public record Source(String name, Path path, NotAManifest skip) {
    public Source(String name, Path path) {
      this(name, path, null);
    }

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
      Path chart = enclosingChart(path);
      if (chart != null) {
        sources.add(helmChart(p, chart));
      } else if (Files.isDirectory(path)) {
        sources.addAll(folder(p, path));
      } else {
        sources.add(file(p, path));
      }
    }
    return sources;
  }

  private static List<Source> folder(String name, Path folder) {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files =
          walk.filter(f -> !isHidden(folder, f))
              .filter(Files::isRegularFile)
              .filter(
                  f ->
                      isManifest(f)
                          || isKustomization(f)
                          || f.getFileName().toString().equals(CHART))
              .sorted()
              .toList();
    } catch (IOException | UncheckedIOException e) {
      throw new UsageException(name + ": cannot list the folder: " + e.getMessage(), e);
    }
    List<Path> charts =
        files.stream()
            .filter(f -> f.getFileName().toString().equals(CHART))
            .map(Path::getParent)
            .toList();
    Set<Path> patches =
        KustomizePatches.of(files.stream().filter(ManifestSources::isKustomization));
    List<Source> sources = new ArrayList<>();
    Path lastChart = null;
    for (Path f : files) {
      Path chart = charts.stream().filter(f::startsWith).findFirst().orElse(null);
      if (chart == null && patches.contains(f.toAbsolutePath().normalize())) {
        sources.add(
            new Source(
                display(name, folder, f),
                f,
                new NotAManifest(
                    NotAManifest.Reason.KUSTOMIZATION,
                    0,
                    "a kustomize patch (named in a kustomization file): part of an object, not a"
                        + " whole one")));
      } else if (chart == null) {
        sources.add(file(display(name, folder, f), f));
      } else if (!chart.equals(lastChart)) {
        // One entry for the whole chart, where its files would have been read.
        sources.add(helmChart(display(name, folder, chart), chart));
        lastChart = chart;
      }
    }
    return sources;
  }

  private static boolean isKustomization(Path file) {
    return KUSTOMIZATIONS.contains(file.getFileName().toString());
  }

  private static Source file(String name, Path file) {
    if (isKustomization(file)) {
      return new Source(
          name,
          file,
          new NotAManifest(
              NotAManifest.Reason.KUSTOMIZATION, 0, "a kustomization file, not an object"));
    }
    return new Source(name, file);
  }

  private static Source helmChart(String name, Path chart) {
    return new Source(
        name,
        chart,
        new NotAManifest(
            NotAManifest.Reason.HELM_CHART,
            0,
            "in the Helm chart " + chart.getFileName() + " (" + CHART + "): templates, not YAML"));
  }

  /**
   * The chart folder the path is in or is (a folder holding {@code Chart.yaml}, the path's own or
   * one above it), or null.
   */
  private static Path enclosingChart(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    for (Path p = Files.isDirectory(absolute) ? absolute : absolute.getParent();
        p != null;
        p = p.getParent()) {
      if (Files.isRegularFile(p.resolve(CHART))) {
        return p;
      }
    }
    return null;
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
