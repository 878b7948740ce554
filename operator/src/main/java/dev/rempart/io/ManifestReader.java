package dev.rempart.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads Kubernetes manifests: multi-document YAML or JSON, {@code List} objects, the output of
 * {@code helm template} and {@code kustomize build}. Documents are handed over one at a time, so
 * memory stays bounded whatever the size of the input.
 */
public final class ManifestReader {
  private static final KubernetesSerialization SERIALIZATION = serialization();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ManifestReader() {}

  /** The serialization that knows Rempart's own kinds as well as Kubernetes'. */
  public static KubernetesSerialization kubernetesSerialization() {
    return SERIALIZATION;
  }

  /** Reads every object of the stream; {@code source} names it in messages. */
  public static List<Manifest> readAll(InputStream in, String source) {
    List<Manifest> all = new ArrayList<>();
    read(in, source, all::add);
    return all;
  }

  /** Reads every object of a string (tests, examples). */
  public static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> all = new ArrayList<>();
    read(
        new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        "<string>",
        m -> all.add(m.object()));
    return all;
  }

  /** Streams the objects of the input to {@code sink}, one document at a time. */
  public static void read(InputStream in, String source, Consumer<Manifest> sink) {
    read(in, source, type -> true, sink);
  }

  /**
   * Streams the objects of the input to {@code sink}, typed only when {@code typed} accepts their
   * class: the others come as a {@link GenericKubernetesResource} holding apiVersion, kind and
   * metadata alone. Converting a document to its class is most of the cost of reading it, and a
   * caller that only counts some kinds need not pay it (nor hold their bodies).
   */
  public static void read(
      InputStream in, String source, Predicate<Class<?>> typed, Consumer<Manifest> sink) {
    try (JsonParser parser = YAML.getFactory().createParser(in)) {
      readDocuments(parser, source, typed, sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** As {@link #read(InputStream, String, Consumer)}, for a reader. */
  public static void read(Reader in, String source, Consumer<Manifest> sink) {
    try (JsonParser parser = YAML.getFactory().createParser(in)) {
      readDocuments(parser, source, type -> true, sink);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void readDocuments(
      JsonParser parser, String source, Predicate<Class<?>> typed, Consumer<Manifest> sink)
      throws IOException {
    while (true) {
      JsonToken token;
      try {
        token = parser.nextToken();
      } catch (JsonProcessingException e) {
        throw failure(source, e);
      }
      if (token == null) {
        return;
      }
      int line = parser.currentTokenLocation().getLineNr();
      JsonNode document;
      try {
        document = YAML.readTree(parser);
      } catch (JsonProcessingException e) {
        throw failure(source, e);
      }
      if (document == null || document.isNull() || document.isMissingNode()) {
        continue; // an empty document between two "---"
      }
      if (!document.isObject()) {
        throw new ManifestException(
            source + ":" + line + ": a manifest must be a mapping with apiVersion and kind");
      }
      emit(document, source, line, typed, sink);
    }
  }

  private static void emit(
      JsonNode document,
      String source,
      int line,
      Predicate<Class<?>> typed,
      Consumer<Manifest> sink) {
    String kind = document.path("kind").asText("");
    String apiVersion = document.path("apiVersion").asText("");
    if (kind.isEmpty() || apiVersion.isEmpty()) {
      throw new ManifestException(
          source
              + ":"
              + line
              + ": the document has no "
              + (kind.isEmpty() ? "kind" : "apiVersion"));
    }
    if (kind.endsWith("List") && document.has("items")) {
      for (JsonNode item : document.get("items")) {
        emit(item, source, line, typed, sink);
      }
      return;
    }
    Class<? extends KubernetesResource> type =
        SERIALIZATION.getRegisteredKubernetesResource(apiVersion, kind);
    HasMetadata object =
        type == null || typed.test(type)
            ? toObject(document, source, line)
            : metadataOnly(document, source, line);
    sink.accept(new Manifest(object, source, line));
  }

  /**
   * The class fabric8 (or Rempart, for its own kinds) maps the object's apiVersion and kind to,
   * also for an object read as metadata only.
   */
  public static Optional<Class<? extends KubernetesResource>> registeredType(HasMetadata object) {
    return Optional.ofNullable(
        SERIALIZATION.getRegisteredKubernetesResource(object.getApiVersion(), object.getKind()));
  }

  private static HasMetadata metadataOnly(JsonNode document, String source, int line) {
    try {
      GenericKubernetesResource object = new GenericKubernetesResource();
      object.setApiVersion(document.path("apiVersion").asText());
      object.setKind(document.path("kind").asText());
      object.setMetadata(SERIALIZATION.convertValue(document.path("metadata"), ObjectMeta.class));
      if (object.getMetadata() == null || object.getMetadata().getName() == null) {
        throw new ManifestException(
            source + ":" + line + ": " + object.getKind() + " has no metadata.name");
      }
      return object;
    } catch (IllegalArgumentException e) {
      throw new ManifestException(
          source
              + ":"
              + line
              + ": "
              + document.path("kind").asText()
              + " has invalid metadata: "
              + invalidField(e),
          e);
    }
  }

  private static HasMetadata toObject(JsonNode document, String source, int line) {
    try {
      KubernetesResource resource = SERIALIZATION.convertValue(document, KubernetesResource.class);
      if (resource instanceof HasMetadata object) {
        if (object.getMetadata() == null || object.getMetadata().getName() == null) {
          throw new ManifestException(
              source + ":" + line + ": " + object.getKind() + " has no metadata.name");
        }
        return object;
      }
      return SERIALIZATION.convertValue(document, GenericKubernetesResource.class);
    } catch (IllegalArgumentException e) {
      throw new ManifestException(
          source
              + ":"
              + line
              + ": "
              + document.path("kind").asText()
              + " is not valid: "
              + invalidField(e),
          e);
    }
  }

  /**
   * A failure of the parser: the stream could not be read (an I/O error the YAML parser wrapped),
   * or the text is not YAML.
   */
  private static RuntimeException failure(String source, JsonProcessingException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException io && !(io instanceof JsonProcessingException)) {
        return new UncheckedIOException(io);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return malformed(source, e);
  }

  private static ManifestException malformed(String source, JsonProcessingException e) {
    return new ManifestException(describeMalformed(source, e), e);
  }

  /**
   * {@code file:line: malformed YAML: problem (context)}, on one line. SnakeYAML's own message
   * spans several lines with a drawing of the spot; its problem and mark say the same in one.
   */
  public static String describeMalformed(String source, JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
      Mark mark = yaml.getProblemMark() != null ? yaml.getProblemMark() : yaml.getContextMark();
      String at = mark == null ? "" : ":" + (mark.getLine() + 1);
      String context = "";
      if (yaml.getContext() != null) {
        context = " (" + yaml.getContext();
        if (yaml.getContextMark() != null) {
          context += " started at line " + (yaml.getContextMark().getLine() + 1);
        }
        context += ")";
      }
      return source + at + ": malformed YAML: " + yaml.getProblem() + context;
    }
    JsonLocation where = e.getLocation();
    String at = where == null || where.getLineNr() < 1 ? "" : ":" + where.getLineNr();
    return source + at + ": malformed YAML: " + firstLine(e.getOriginalMessage());
  }

  /** {@code spec.replicas: expected a whole number, ...}: the field at fault first. */
  private static String invalidField(IllegalArgumentException e) {
    if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      return MappingErrors.describe(mapping, null);
    }
    return MappingErrors.withoutJavaTypes(firstLine(e.getMessage()));
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  private static KubernetesSerialization serialization() {
    KubernetesSerialization s = new KubernetesSerialization();
    s.registerKubernetesResource(SecurityBaseline.class);
    s.registerKubernetesResource(BaselineException.class);
    return s;
  }
}
