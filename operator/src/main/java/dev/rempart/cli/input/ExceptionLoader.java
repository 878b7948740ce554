package dev.rempart.cli.input;

import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.cli.UsageException;
import dev.rempart.io.Manifest;
import dev.rempart.io.ManifestReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code --exceptions}: files or folders of BaselineExceptions, and nothing else, so that a
 * manifest mistaken for an exception file is an error rather than silently ignored. Whether an
 * exception is honoured (expiry, maxDays) is decided by the evaluation core, as in the cluster.
 */
public final class ExceptionLoader {
  private ExceptionLoader() {}

  public static List<BaselineException> fromPaths(List<String> paths) {
    List<BaselineException> exceptions = new ArrayList<>();
    if (paths == null || paths.isEmpty()) {
      return exceptions;
    }
    for (ManifestSources.Source source : ManifestSources.expand(paths)) {
      if (source.path() == null) {
        throw new UsageException("--exceptions reads files and folders, not standard input");
      }
      try (InputStream in = source.open(InputStream.nullInputStream())) {
        for (Manifest m : ManifestReader.readAll(in, source.name())) {
          exceptions.add(exception(m));
        }
      } catch (IOException | UncheckedIOException e) {
        throw new UsageException(
            source.name() + ": cannot read the exceptions file: " + e.getMessage(), e);
      }
    }
    return exceptions;
  }

  private static BaselineException exception(Manifest m) {
    String at = m.location() + ": ";
    if (!(m.object() instanceof BaselineException e)) {
      throw new UsageException(
          at
              + "not a BaselineException (a "
              + m.object().getKind()
              + "); --exceptions files hold only BaselineExceptions");
    }
    if (e.getMetadata() == null || e.getMetadata().getName() == null) {
      throw new UsageException(at + "the BaselineException has no metadata.name");
    }
    if (e.getSpec() == null) {
      throw new UsageException(at + "invalid BaselineException: spec is required");
    }
    RequiredFields.firstMissing(e.getSpec())
        .ifPresent(
            field -> {
              throw new UsageException(at + "invalid BaselineException: " + field + " is required");
            });
    return e;
  }
}
