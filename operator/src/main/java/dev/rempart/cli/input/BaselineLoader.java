package dev.rempart.cli.input;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import dev.rempart.cli.UsageException;
import dev.rempart.io.ManifestReader;
import dev.rempart.io.MappingErrors;
import dev.rempart.io.YamlLines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads a SecurityBaseline from a file, or the addendum's baseline built into the jar. Offline
 * there is no API server to reject a bad baseline, so this reads it strictly: an unknown field (a
 * typo such as {@code netwrok}), a value of the wrong type, a missing selector is a one-line
 * message with the file and line, not a baseline that silently checks nothing. The CRD's CEL rules
 * are the API server's to check.
 */
public final class BaselineLoader {
  /** The addendum's baseline ({@code examples/saas-addendum.yaml}), built into the jar. */
  public static final String BUILTIN_RESOURCE = "/dev/rempart/baselines/saas-addendum.yaml";

  /** How the built-in baseline is named in reports. */
  public static final String BUILTIN_SOURCE = "built-in (examples/saas-addendum.yaml)";

  private static final ObjectMapper STRICT =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private BaselineLoader() {}

  /**
   * A baseline with where it came from.
   *
   * @param baseline the baseline
   * @param source the file, or {@link #BUILTIN_SOURCE}
   */
  public record LoadedBaseline(SecurityBaseline baseline, String source) {
    public String name() {
      return baseline.getMetadata().getName();
    }
  }

  /** The addendum's baseline, as built into the jar. */
  public static LoadedBaseline builtin() {
    try (InputStream in = BaselineLoader.class.getResourceAsStream(BUILTIN_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(BUILTIN_RESOURCE + " is missing from the jar");
      }
      return new LoadedBaseline(read(in, BUILTIN_SOURCE), BUILTIN_SOURCE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + BUILTIN_RESOURCE, e);
    }
  }

  /** The one SecurityBaseline of a file. */
  public static LoadedBaseline fromFile(Path file) {
    String name = file.toString();
    if (!Files.exists(file)) {
      throw new UsageException(name + ": no such file");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new UsageException(name + ": cannot read the baseline file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return new LoadedBaseline(read(in, name), name);
    } catch (IOException e) {
      throw new UsageException(name + ": cannot read the baseline file: " + e.getMessage(), e);
    }
  }

  /** Reads exactly one SecurityBaseline from the stream; {@code source} names it in messages. */
  static SecurityBaseline read(InputStream in, String source) throws IOException {
    byte[] text = in.readAllBytes();
    List<SecurityBaseline> found = new ArrayList<>();
    try (JsonParser parser = STRICT.getFactory().createParser(text)) {
      int index = -1;
      while (nextDocument(parser, source) != null) {
        index++;
        int line = parser.currentTokenLocation().getLineNr();
        JsonNode document = readTree(parser, source);
        if (document == null || document.isNull() || document.isMissingNode()) {
          continue;
        }
        int documentIndex = index;
        found.add(toBaseline(document, source, line, () -> YamlLines.of(text, documentIndex)));
      }
    }
    if (found.size() != 1) {
      throw new UsageException(
          source
              + ": a baseline file holds exactly one SecurityBaseline; this one holds "
              + found.size());
    }
    return found.get(0);
  }

  private static JsonToken nextDocument(JsonParser parser, String source) throws IOException {
    try {
      return parser.nextToken();
    } catch (JsonProcessingException e) {
      throw malformed(source, e);
    }
  }

  private static JsonNode readTree(JsonParser parser, String source) throws IOException {
    try {
      return STRICT.readTree(parser);
    } catch (JsonProcessingException e) {
      throw malformed(source, e);
    }
  }

  /**
   * The baseline of one document; {@code lines} places an error at the value at fault, read only
   * when there is one.
   */
  private static SecurityBaseline toBaseline(
      JsonNode document, String source, int line, Supplier<YamlLines> lines) {
    String at = source + ":" + line + ": ";
    if (!document.isObject()
        || !"SecurityBaseline".equals(document.path("kind").asText())
        || !SecurityBaseline.API_VERSION.equals(document.path("apiVersion").asText())) {
      throw new UsageException(
          at + "not a SecurityBaseline (expected apiVersion " + SecurityBaseline.API_VERSION + ")");
    }
    SecurityBaseline baseline;
    try {
      baseline = STRICT.treeToValue(document, SecurityBaseline.class);
    } catch (JsonMappingException e) {
      String path = MappingErrors.path(e);
      throw new UsageException(
          source
              + ":"
              + lines.get().line(path).orElse(line)
              + ": invalid SecurityBaseline: "
              + MappingErrors.describe(e, document),
          e);
    } catch (JsonProcessingException e) {
      throw new UsageException(
          at
              + "invalid SecurityBaseline: "
              + MappingErrors.withoutJavaTypes(e.getOriginalMessage()),
          e);
    }
    if (baseline.getMetadata() == null || baseline.getMetadata().getName() == null) {
      throw new UsageException(at + "the SecurityBaseline has no metadata.name");
    }
    SecurityBaselineSpec spec = baseline.getSpec();
    if (spec == null || spec.getNamespaceSelector() == null) {
      throw new UsageException(
          source
              + ":"
              + lines.get().line("spec").orElse(line)
              + ": spec.namespaceSelector is required: it says which namespaces are governed"
              + " ({} governs all)");
    }
    RequiredFields.firstMissing(spec)
        .ifPresent(
            field -> {
              throw new UsageException(
                  source
                      + ":"
                      + lines.get().line(field).orElse(line)
                      + ": invalid SecurityBaseline: "
                      + field
                      + " is required");
            });
    return baseline;
  }

  private static UsageException malformed(String source, JsonProcessingException e) {
    return new UsageException(ManifestReader.describeMalformed(source, e), e);
  }
}
