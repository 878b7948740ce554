package dev.rempart.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rempart.io.YamlDocuments;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A seeded generator of hostile manifests: real documents from the corpus with a value replaced by
 * one of the wrong type (in every field the controls read, since the path is chosen at random over
 * the whole object), YAML bombs, deep nesting, huge scalars, binary garbage, duplicate keys,
 * anchors and aliases, truncated and bit-flipped files. The same seed gives the same cases.
 */
final class HostileInput {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** One generated file: what it is (for a failure's message) and its bytes. */
  record Case(String kind, byte[] bytes) {}

  private final Random random;
  private final List<JsonNode> seeds;
  private final List<Function<Random, Case>> generators = new ArrayList<>();

  HostileInput(long seed, Path corpus) {
    this.random = new Random(seed);
    this.seeds = readSeeds(corpus);
    generators.add(r -> mutated(r, 1));
    generators.add(r -> mutated(r, 1));
    generators.add(r -> mutated(r, 1 + r.nextInt(8)));
    generators.add(r -> mutated(r, 1 + r.nextInt(8)));
    generators.add(this::billionLaughs);
    generators.add(this::deepNesting);
    generators.add(this::hugeScalar);
    generators.add(this::garbage);
    generators.add(this::duplicateKey);
    generators.add(this::aliases);
    generators.add(this::truncated);
    generators.add(this::flipped);
  }

  Case next() {
    return generators.get(random.nextInt(generators.size())).apply(random);
  }

  int seedCount() {
    return seeds.size();
  }

  private static List<JsonNode> readSeeds(Path corpus) {
    List<JsonNode> seeds = new ArrayList<>();
    try (Stream<Path> files = Files.list(corpus)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        try (Reader in = Files.newBufferedReader(file)) {
          YamlDocuments cut = new YamlDocuments(in);
          for (YamlDocuments.Document d = cut.next(); d != null; d = cut.next()) {
            JsonNode node = YAML.readTree(d.text());
            if (node != null && node.isObject() && node.has("kind")) {
              seeds.add(node);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return seeds;
  }

  /** A real object with {@code count} values, anywhere in it, replaced by hostile ones. */
  private Case mutated(Random r, int count) {
    JsonNode copy = seeds.get(r.nextInt(seeds.size())).deepCopy();
    List<String> what = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      what.add(replaceOne(r, copy));
    }
    String text = r.nextInt(5) == 0 ? copy.toPrettyString() : writeYaml(copy); // JSON is YAML too
    return new Case(copy.path("kind").asText() + " with " + what, bytes(text));
  }

  /**
   * A real object with one entry of one of its lists replaced by null: the typed model reads it,
   * the API server would refuse it, and a control that walks the list may not expect it.
   */
  Case nullEntry() {
    while (true) {
      JsonNode copy = seeds.get(random.nextInt(seeds.size())).deepCopy();
      List<Object[]> slots = new ArrayList<>();
      collect(copy, "", slots);
      List<Object[]> entries = slots.stream().filter(s -> s[0] instanceof ArrayNode).toList();
      if (!entries.isEmpty()) {
        Object[] slot = entries.get(random.nextInt(entries.size()));
        ((ArrayNode) slot[0]).set((Integer) slot[1], NODES.nullNode());
        return new Case(
            copy.path("kind").asText() + " with " + slot[2] + "=null", bytes(writeYaml(copy)));
      }
    }
  }

  /** Replaces one value, chosen over every value of the tree; says which, and by what. */
  private String replaceOne(Random r, JsonNode root) {
    List<Object[]> slots = new ArrayList<>(); // {parent, key or index, path}
    collect(root, "", slots);
    if (slots.isEmpty()) {
      return "nothing";
    }
    Object[] slot = slots.get(r.nextInt(slots.size()));
    JsonNode value = hostileValue(r);
    if (slot[0] instanceof ObjectNode object) {
      object.set((String) slot[1], value);
    } else {
      ((ArrayNode) slot[0]).set((Integer) slot[1], value);
    }
    String shown = value.toString();
    return slot[2] + "=" + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown);
  }

  private static void collect(JsonNode node, String path, List<Object[]> slots) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        slots.add(new Object[] {object, e.getKey(), child});
        collect(e.getValue(), child, slots);
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        String child = path + "[" + i + "]";
        slots.add(new Object[] {array, i, child});
        collect(array.get(i), child, slots);
      }
    }
  }

  /** A value of a type the field likely does not hold, or an edge of the type it does. */
  private JsonNode hostileValue(Random r) {
    return switch (r.nextInt(16)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.textNode("");
      case 2 -> NODES.arrayNode();
      case 3 -> NODES.objectNode();
      case 4 -> NODES.numberNode(-1);
      case 5 -> NODES.numberNode(Long.MAX_VALUE);
      case 6 -> NODES.numberNode(new java.math.BigInteger("9".repeat(40)));
      case 7 -> NODES.numberNode(1.5e308);
      case 8 -> NODES.booleanNode(r.nextBoolean());
      case 9 -> NODES.textNode("x".repeat(1 + r.nextInt(200_000)));
      case 10 -> NODES.textNode("\u202e\u0000\uffff\ud83d\ude00 ../../etc/passwd {{ .Values }}");
      case 11 -> NODES.arrayNode().add(NODES.nullNode()).add(NODES.objectNode());
      case 12 -> NODES.objectNode().set("unknownField", NODES.arrayNode().add(1));
      case 13 -> nested(r.nextInt(300));
      case 14 -> NODES.textNode("*");
      default -> NODES.textNode(Integer.toString(r.nextInt()));
    };
  }

  private static JsonNode nested(int depth) {
    JsonNode node = NODES.textNode("deep");
    for (int i = 0; i < depth; i++) {
      node = i % 2 == 0 ? NODES.arrayNode().add(node) : NODES.objectNode().set("a", node);
    }
    return node;
  }

  private Case billionLaughs(Random r) {
    int width = 5 + r.nextInt(6);
    int levels = 6 + r.nextInt(6);
    StringBuilder yaml = new StringBuilder(header("Pod")).append("spec:\n");
    yaml.append("  a0: &a0 [").append("\"lol\", ".repeat(width)).append("\"lol\"]\n");
    for (int level = 1; level <= levels; level++) {
      yaml.append("  a").append(level).append(": &a").append(level).append(" [");
      for (int i = 0; i < width; i++) {
        yaml.append(i == 0 ? "" : ", ").append("*a").append(level - 1);
      }
      yaml.append("]\n");
    }
    return new Case("billion laughs " + width + "^" + levels, bytes(yaml.toString()));
  }

  private Case deepNesting(Random r) {
    int depth = 500 + r.nextInt(5_000);
    boolean flow = r.nextBoolean();
    StringBuilder yaml = new StringBuilder(header("ConfigMap")).append("data:");
    if (flow) {
      yaml.append(' ').append("[".repeat(depth)).append("]".repeat(depth)).append('\n');
    } else {
      yaml.append('\n');
      for (int i = 1; i <= depth; i++) {
        yaml.append(" ".repeat(i)).append("k:\n");
      }
    }
    return new Case((flow ? "flow" : "block") + " nesting " + depth, bytes(yaml.toString()));
  }

  private Case hugeScalar(Random r) {
    // Past the limits on one value (1.5 MiB) and on a document (3 MiB), or well under them; long
    // keys too.
    int length =
        r.nextBoolean()
            ? YamlDocuments.MAX_VALUE_CHARS + r.nextInt(YamlDocuments.MAX_DOCUMENT_CHARS)
            : r.nextInt(1 << 19);
    String yaml =
        r.nextBoolean()
            ? header("ConfigMap") + "data: {a: \"" + "x".repeat(length) + "\"}\n"
            : header("ConfigMap") + "data:\n  " + "k".repeat(length) + ": v\n";
    return new Case("huge scalar " + length, bytes(yaml));
  }

  private Case garbage(Random r) {
    byte[] bytes = new byte[r.nextInt(20_000)];
    r.nextBytes(bytes);
    if (r.nextBoolean()) {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (32 + (bytes[i] & 0x5f)); // printable ASCII garbage, which is UTF-8
      }
    }
    return new Case("garbage " + bytes.length + " bytes", bytes);
  }

  private Case duplicateKey(Random r) {
    String[] keys = {"kind", "apiVersion", "metadata", "spec", "name"};
    String key = keys[r.nextInt(keys.length)];
    String yaml =
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: dup\n"
            + "spec:\n  name: x\n  containers: [{name: a, image: \"nginx:1\"}]\n"
            + (key.equals("name") ? "  name: y\n" : key + ": {}\n");
    return new Case("duplicate key " + key, bytes(yaml));
  }

  private Case aliases(Random r) {
    String yaml =
        header("Pod")
            + "spec:\n  containers:\n  - &c {name: a, image: &i \"nginx:1\","
            + " securityContext: &s {privileged: "
            + r.nextBoolean()
            + "}}\n  - <<: *c\n    name: b\n    image: *"
            + (r.nextBoolean() ? "i" : "undefined")
            + "\n";
    return new Case("anchors and aliases", bytes(yaml));
  }

  private Case truncated(Random r) {
    byte[] whole = mutated(r, 0).bytes();
    int cut = whole.length == 0 ? 0 : r.nextInt(whole.length);
    return new Case("truncated at " + cut, java.util.Arrays.copyOf(whole, cut));
  }

  private Case flipped(Random r) {
    byte[] bytes = mutated(r, 0).bytes();
    for (int i = 0; i < 1 + r.nextInt(5) && bytes.length > 0; i++) {
      bytes[r.nextInt(bytes.length)] ^= (byte) (1 << r.nextInt(8));
    }
    return new Case("bits flipped", bytes);
  }

  private static String header(String kind) {
    return "apiVersion: v1\nkind: " + kind + "\nmetadata: {name: hostile, namespace: hostile}\n";
  }

  private static String writeYaml(JsonNode node) {
    try {
      return YAML.writeValueAsString(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
