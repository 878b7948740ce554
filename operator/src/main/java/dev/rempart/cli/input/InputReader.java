package dev.rempart.cli.input;

import dev.rempart.cli.input.ManifestSources.Source;
import dev.rempart.io.Manifest;
import dev.rempart.io.ManifestException;
import dev.rempart.io.ManifestReader;
import dev.rempart.io.NotAManifest;
import dev.rempart.io.YamlDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads every source into a collector, document by document. One bad input loses nothing: a file
 * that cannot be read, or a document that cannot be parsed, becomes an {@link InputError} naming
 * its file (and line), and the reading goes on with the next document or file. Input that is not a
 * Kubernetes manifest becomes a {@link SkippedInput}.
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
    if (source.skip() != null) {
      collector.skipped(skipped(source.name(), source.skip()));
      return;
    }
    if (source.path() != null && !Files.isReadable(source.path())) {
      collector.error(new InputError(source.name(), 0, "cannot read the file: permission denied"));
      return;
    }
    collector.fileOpened();
    int line = 0;
    try (InputStream in = source.open(stdin)) {
      YamlDocuments documents = new YamlDocuments(utf8(in));
      for (YamlDocuments.Document d = documents.next(); d != null; d = documents.next()) {
        line = d.firstLine();
        parse(source.name(), d, collector::keepsTyped).applyTo(collector);
      }
    } catch (AccessDeniedException e) {
      collector.error(new InputError(source.name(), 0, "cannot read the file: permission denied"));
    } catch (CharacterCodingException e) {
      collector.error(new InputError(source.name(), 0, "not text: the file is not UTF-8"));
    } catch (IOException e) {
      collector.error(new InputError(source.name(), line, "cannot read the file: " + describe(e)));
    } catch (UncheckedIOException e) {
      collector.error(
          new InputError(source.name(), line, "cannot read the file: " + describe(e.getCause())));
    }
  }

  /**
   * Parses one document: its objects, or why it is not a manifest, or what is wrong with it. Pure
   * (touches no shared state), so documents can be parsed in any order.
   */
  static Parsed parse(String source, YamlDocuments.Document document, Predicate<Class<?>> typed) {
    List<Manifest> manifests = new ArrayList<>(1);
    try {
      NotAManifest not = ManifestReader.readDocument(document, source, typed, manifests::add);
      return new Parsed(manifests, not == null ? null : skipped(source, not), null);
    } catch (ManifestException e) {
      // The objects of a List before its bad item are kept: they were read correctly.
      return new Parsed(manifests, null, error(source, document, e));
    }
  }

  /** What one document gave, applied to the collector in the order of the input. */
  record Parsed(List<Manifest> manifests, SkippedInput skipped, InputError error) {
    void applyTo(InputCollector collector) {
      manifests.forEach(collector);
      if (skipped != null) {
        collector.skipped(skipped);
      }
      if (error != null) {
        collector.error(error);
      }
    }
  }

  private static SkippedInput skipped(String source, NotAManifest not) {
    return new SkippedInput(source, not.line(), not.reason(), not.message());
  }

  private static InputError error(
      String source, YamlDocuments.Document document, ManifestException e) {
    String message = e.problem();
    int template = templateLine(document);
    if (template > 0) {
      message +=
          "; line "
              + template
              + " holds `{{`: an unrendered template? render it with `helm template` first";
    }
    return new InputError(source, e.line(), message);
  }

  /** The first line outside comments holding {@code {{}, or 0: the mark of a Go template. */
  private static int templateLine(YamlDocuments.Document document) {
    String text = document.text();
    int at = text.indexOf("{{");
    if (at < 0) {
      return 0;
    }
    int line = document.firstLine();
    int start = 0;
    for (int end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      String l = text.substring(start, end);
      int braces = l.indexOf("{{");
      int hash = l.indexOf('#');
      if (braces >= 0 && (hash < 0 || hash > braces)) {
        return line;
      }
      line++;
      start = end + 1;
    }
    return 0;
  }

  private static InputStreamReader utf8(InputStream in) {
    return new InputStreamReader(
        in,
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
