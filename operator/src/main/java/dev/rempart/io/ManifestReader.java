package dev.rempart.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rempart.api.storage.VolumeSnapshot;
import dev.rempart.api.storage.VolumeSnapshotContent;
import dev.rempart.api.trivy.VulnerabilityReport;
import dev.rempart.api.v1alpha1.BaselineException;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.api.v1alpha1.VulnerabilityFirstSeen;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads Kubernetes manifests: multi-document YAML or JSON, {@code List} objects, the output of
 * {@code helm template} and {@code kustomize build}. Documents are handed over one at a time, so
 * memory stays bounded whatever the size of the input.
 */
public final class ManifestReader {
  private static final KubernetesSerialization SERIALIZATION = serialization();

  /** Refuses a key twice in a mapping, as kubectl does: which value would count is unclear. */
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

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
    read(utf8(in), source, typed, sink);
  }

  /** As {@link #read(InputStream, String, Consumer)}, for a reader. */
  public static void read(Reader in, String source, Consumer<Manifest> sink) {
    read(in, source, type -> true, sink);
  }

  /**
   * Document by document, as the audit reads (so with the same limits and the same handling of
   * aliases); stops at the first one that is not a Kubernetes object.
   */
  private static void read(
      Reader in, String source, Predicate<Class<?>> typed, Consumer<Manifest> sink) {
    YamlDocuments documents = new YamlDocuments(in);
    try {
      for (YamlDocuments.Document d = documents.next(); d != null; d = documents.next()) {
        NotAManifest notAManifest = readDocument(d, source, typed, sink);
        if (notAManifest != null) {
          throw new ManifestException(source, notAManifest.line(), notAManifest.message(), null);
        }
      }
    } catch (CharacterCodingException e) {
      throw new ManifestException(source, 0, "not text: the input is not UTF-8", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Reader utf8(InputStream in) {
    return new InputStreamReader(
        in,
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  /**
   * Reads one document cut by {@link YamlDocuments}: its objects go to {@code sink}, typed when
   * {@code typed} accepts their class.
   *
   * @return null, or why the document is not a Kubernetes object (then nothing went to the sink)
   * @throws ManifestException when the document is malformed, with its file and line
   */
  public static NotAManifest readDocument(
      YamlDocuments.Document document,
      String source,
      Predicate<Class<?>> typed,
      Consumer<Manifest> sink) {
    if (document.refused() != null) {
      throw new ManifestException(source, document.firstLine(), document.refused(), null);
    }
    if (headerSuffices(document, source, typed, sink)) {
      return null;
    }
    if (AliasedYaml.mayHoldAliases(document.text())) {
      return readAliased(document, source, typed, sink);
    }
    try (JsonParser parser = YAML.getFactory().createParser(document.text())) {
      NotAManifest notAManifest =
          readDocuments(parser, source, document.firstLine() - 1, typed, sink);
      return notAManifest;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a document that may hold aliases, with them expanded (see {@link AliasedYaml}). */
  private static NotAManifest readAliased(
      YamlDocuments.Document document,
      String source,
      Predicate<Class<?>> typed,
      Consumer<Manifest> sink) {
    int offset = document.firstLine() - 1;
    AliasedYaml.Tree tree;
    try {
      tree = AliasedYaml.read(document.text());
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? document.firstLine() : mark.getLine() + 1 + offset;
      throw new ManifestException(source, line, malformedProblem(e, offset), e);
    } catch (AliasedYaml.Refused e) {
      int line = e.line() > 0 ? e.line() + offset : document.firstLine();
      throw new ManifestException(source, line, e.getMessage(), null);
    } catch (YAMLException e) {
      throw new ManifestException(
          source, document.firstLine(), "malformed YAML: " + firstLine(e.getMessage()), e);
    }
    if (tree == null || tree.root().isNull()) {
      return null;
    }
    int line = tree.line() + offset;
    NotAManifest notAManifest = classify(tree.root(), line);
    if (notAManifest == null) {
      emit(tree.root(), source, line, typed, sink);
    }
    return notAManifest;
  }

  /**
   * For a kind the caller does not want typed, the head of the document read from its text is the
   * whole object the caller gets: no YAML parse, no tree. False when the document must be parsed.
   */
  private static boolean headerSuffices(
      YamlDocuments.Document document,
      String source,
      Predicate<Class<?>> typed,
      Consumer<Manifest> sink) {
    ManifestHeader.Header head = ManifestHeader.scan(document);
    if (head == null || head.apiVersion().startsWith("kustomize.config.k8s.io/")) {
      return false;
    }
    if (typed.test(typeOf(head.apiVersion(), head.kind()))) {
      return false;
    }
    GenericKubernetesResource object = new GenericKubernetesResource();
    object.setApiVersion(head.apiVersion());
    object.setKind(head.kind());
    ObjectMeta metadata = new ObjectMeta();
    metadata.setName(head.name());
    metadata.setNamespace(head.namespace());
    object.setMetadata(metadata);
    sink.accept(new Manifest(object, source, head.line()));
    return true;
  }

  /** The class an object of this apiVersion and kind is read as: fabric8's, or the generic one. */
  private static Class<?> typeOf(String apiVersion, String kind) {
    Class<? extends KubernetesResource> type =
        SERIALIZATION.getRegisteredKubernetesResource(apiVersion, kind);
    return type == null ? GenericKubernetesResource.class : type;
  }

  /**
   * Reads every document of the parser; {@code lineOffset} is added to the parser's lines. Stops at
   * the first document that is not a Kubernetes object and says why.
   */
  private static NotAManifest readDocuments(
      JsonParser parser,
      String source,
      int lineOffset,
      Predicate<Class<?>> typed,
      Consumer<Manifest> sink)
      throws IOException {
    while (true) {
      JsonToken token;
      try {
        token = parser.nextToken();
      } catch (JsonProcessingException e) {
        throw failure(source, lineOffset, e);
      }
      if (token == null) {
        return null;
      }
      int line = parser.currentTokenLocation().getLineNr() + lineOffset;
      JsonNode document;
      try {
        document = YAML.readTree(parser);
      } catch (JsonProcessingException e) {
        throw failure(source, lineOffset, e);
      }
      if (document == null || document.isNull() || document.isMissingNode()) {
        continue; // an empty document between two "---"
      }
      NotAManifest notAManifest = classify(document, line);
      if (notAManifest != null) {
        return notAManifest;
      }
      emit(document, source, line, typed, sink);
    }
  }

  /**
   * Null for what should be a Kubernetes object; otherwise what the document is instead. Only a
   * document with an apiVersion or a kind of its own is held to be a manifest (and a malformed one
   * is then an error).
   */
  private static NotAManifest classify(JsonNode document, int line) {
    if (!document.isObject()) {
      return new NotAManifest(
          NotAManifest.Reason.NOT_KUBERNETES,
          line,
          "a manifest must be a mapping with apiVersion and kind");
    }
    String kind = document.path("kind").asText("");
    String apiVersion = document.path("apiVersion").asText("");
    if (kind.isEmpty() && apiVersion.isEmpty()) {
      return new NotAManifest(
          NotAManifest.Reason.NOT_KUBERNETES, line, "the document has no apiVersion and no kind");
    }
    if (apiVersion.startsWith("kustomize.config.k8s.io/")) {
      return new NotAManifest(
          NotAManifest.Reason.KUSTOMIZATION, line, "a " + kind + " of kustomize, not an object");
    }
    if (!kind.isEmpty()
        && !apiVersion.isEmpty()
        && !document.has("metadata")
        && !(kind.endsWith("List") && document.has("items"))) {
      return new NotAManifest(
          NotAManifest.Reason.CONFIGURATION,
          line,
          kind + " (" + apiVersion + ") has no metadata: a configuration file, not an object");
    }
    return null;
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
          source, line, "the document has no " + (kind.isEmpty() ? "kind" : "apiVersion"), null);
    }
    if (kind.endsWith("List") && document.has("items")) {
      for (JsonNode item : document.get("items")) {
        if (!item.isObject()) {
          throw new ManifestException(
              source, line, "an item of the " + kind + " is not a mapping", null);
        }
        emit(item, source, line, typed, sink);
      }
      return;
    }
    Class<? extends KubernetesResource> type =
        SERIALIZATION.getRegisteredKubernetesResource(apiVersion, kind);
    HasMetadata object =
        typed.test(type == null ? GenericKubernetesResource.class : type)
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
        throw new ManifestException(source, line, object.getKind() + " has no metadata.name", null);
      }
      return object;
    } catch (IllegalArgumentException e) {
      throw new ManifestException(
          source,
          line,
          document.path("kind").asText() + " has invalid metadata: " + invalidField(e),
          e);
    }
  }

  private static HasMetadata toObject(JsonNode document, String source, int line) {
    try {
      KubernetesResource resource = SERIALIZATION.convertValue(document, KubernetesResource.class);
      if (resource instanceof HasMetadata object) {
        if (object.getMetadata() == null || object.getMetadata().getName() == null) {
          throw new ManifestException(
              source, line, object.getKind() + " has no metadata.name", null);
        }
        return object;
      }
      return SERIALIZATION.convertValue(document, GenericKubernetesResource.class);
    } catch (IllegalArgumentException e) {
      throw new ManifestException(
          source, line, document.path("kind").asText() + " is not valid: " + invalidField(e), e);
    }
  }

  /**
   * A failure of the parser: the stream could not be read (an I/O error the YAML parser wrapped),
   * or the text is not YAML.
   */
  private static RuntimeException failure(
      String source, int lineOffset, JsonProcessingException e) {
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException io && !(io instanceof JsonProcessingException)) {
        return new UncheckedIOException(io);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    int line = malformedLine(e);
    return new ManifestException(
        source, line > 0 ? line + lineOffset : 0, malformedProblem(e, lineOffset), e);
  }

  /**
   * {@code file:line: malformed YAML: problem (context)}, on one line. SnakeYAML's own message
   * spans several lines with a drawing of the spot; its problem and mark say the same in one.
   */
  public static String describeMalformed(String source, JsonProcessingException e) {
    int line = malformedLine(e);
    return source + (line > 0 ? ":" + line : "") + ": " + malformedProblem(e, 0);
  }

  /** The line of a parser's failure (1-based), or 0 when it has none. */
  private static int malformedLine(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
      Mark mark = yaml.getProblemMark() != null ? yaml.getProblemMark() : yaml.getContextMark();
      return mark == null ? 0 : mark.getLine() + 1;
    }
    JsonLocation where = e.getLocation();
    return where == null || where.getLineNr() < 1 ? 0 : where.getLineNr();
  }

  /** {@code malformed YAML: problem (context)}; a context's line is that of the whole input. */
  private static String malformedProblem(JsonProcessingException e, int lineOffset) {
    if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblem() != null) {
      return malformedProblem(yaml, lineOffset);
    }
    // A limit's message names the Java method that sets it: of no use to the reader.
    String message = firstLine(e.getOriginalMessage()).replaceAll(", from `[^`]*`", "");
    if (message.startsWith("Duplicate field '")) {
      String key = message.substring("Duplicate field '".length(), message.lastIndexOf('\''));
      return "malformed YAML: duplicate key \"" + key + "\" (kubectl refuses it too)";
    }
    if (message.startsWith("Expected a field name")) {
      // Jackson's words, naming SnakeYAML's event classes: a key that is itself a mapping or a
      // list, which YAML allows and Kubernetes objects never hold.
      return "malformed YAML: a key must be a plain value, not a mapping or a list";
    }
    return "malformed YAML: " + message;
  }

  private static String malformedProblem(MarkedYAMLException yaml, int lineOffset) {
    String context = "";
    if (yaml.getContext() != null) {
      context = " (" + yaml.getContext();
      if (yaml.getContextMark() != null) {
        context += " started at line " + (yaml.getContextMark().getLine() + 1 + lineOffset);
      }
      context += ")";
    }
    return "malformed YAML: " + (yaml.getProblem() == null ? "" : yaml.getProblem()) + context;
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
    // Not Kubernetes' own kinds, but read by the dataDeletion control.
    s.registerKubernetesResource(VolumeSnapshot.class);
    s.registerKubernetesResource(VolumeSnapshotContent.class);
    s.registerKubernetesResource(VulnerabilityFirstSeen.class);
    s.registerKubernetesResource(VulnerabilityReport.class);
    return s;
  }
}
