package dev.rempart.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a YAML document that uses anchors and aliases ({@code &name}, {@code *name}) into a tree,
 * the way {@code kubectl} reads it: each alias stands for a copy of its anchored value, and merge
 * keys ({@code <<: *base}) add the base's entries. Jackson's YAML parser does neither: it hands an
 * alias over as the string of its name, so {@code image: *img} would be audited as the image {@code
 * img}.
 *
 * <p>Expanding aliases is what a YAML bomb exploits ("billion laughs": each level aliases the one
 * before several times, and a few hundred bytes expand to billions of values). The expansion is
 * bounded: more than {@link #MAX_VALUES} values, or nesting deeper than {@link #MAX_DEPTH}, and the
 * document is refused with a message saying so, before memory runs out.
 */
final class AliasedYaml {
  /** Far more values than any manifest holds (a 3 MiB ConfigMap of short lines has ~100,000). */
  static final int MAX_VALUES = 500_000;

  /** As deep as Jackson lets any document nest. */
  static final int MAX_DEPTH = 1000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern DECIMAL = Pattern.compile("0|[1-9][0-9]*");
  private static final Pattern FLOAT =
      Pattern.compile(
          "[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+");

  /** Why a document could not be read; the line is that of the document (1-based), or 0. */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int line;

    Refused(String message, int line) {
      super(message, null, false, false);
      this.line = line;
    }

    int line() {
      return line;
    }
  }

  private int values;

  private AliasedYaml() {}

  /**
   * True when the text may hold an alias: a cheap test on the text, so that only such documents
   * take this slower path (a {@code *} inside a string gives a false positive, read correctly).
   */
  static boolean mayHoldAliases(String text) {
    return text.indexOf('*') >= 0;
  }

  /** A document's tree and the line its root starts at (1-based, in the document's text). */
  record Tree(JsonNode root, int line) {}

  /**
   * The document as a tree, or null when it is empty.
   *
   * @throws org.yaml.snakeyaml.error.MarkedYAMLException when it is not YAML (an undefined alias
   *     included)
   * @throws Refused when it is too large once expanded, too deep, or repeats a key
   */
  static Tree read(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(YamlDocuments.MAX_DOCUMENT_CHARS + 1);
    // The bound that matters is ours, on the values the aliases expand to, not their number.
    options.setMaxAliasesForCollections(Integer.MAX_VALUE);
    Node root = new Yaml(options).compose(new StringReader(text));
    return root == null ? null : new Tree(new AliasedYaml().tree(root, 0), line(root));
  }

  private JsonNode tree(Node node, int depth) {
    if (++values > MAX_VALUES) {
      throw new Refused(
          "its aliases (*name) expand to more than "
              + MAX_VALUES
              + " values: a YAML bomb? not read",
          line(node));
    }
    if (depth > MAX_DEPTH) {
      throw new Refused(
          "nested deeper than " + MAX_DEPTH + " levels (an alias of itself?): not read",
          line(node));
    }
    if (node instanceof ScalarNode scalar) {
      return scalar(scalar);
    }
    if (node instanceof SequenceNode sequence) {
      ArrayNode array = NODES.arrayNode();
      for (Node item : sequence.getValue()) {
        array.add(tree(item, depth + 1));
      }
      return array;
    }
    return mapping((MappingNode) node, depth);
  }

  /**
   * A mapping's own keys first; then, for the keys it does not set, those of the mappings its merge
   * keys name, the first named first (YAML's merge-key rule).
   */
  private ObjectNode mapping(MappingNode mapping, int depth) {
    ObjectNode object = NODES.objectNode();
    List<NodeTuple> entries = mapping.getValue();
    for (NodeTuple entry : entries) {
      if (isMerge(entry)) {
        continue;
      }
      String key = key(entry.getKeyNode());
      if (object.has(key)) {
        throw new Refused(
            "duplicate key \"" + key + "\" (kubectl refuses it too)", line(entry.getKeyNode()));
      }
      object.set(key, tree(entry.getValueNode(), depth + 1));
    }
    for (NodeTuple entry : entries) {
      if (isMerge(entry)) {
        merge(object, entry.getValueNode(), depth);
      }
    }
    return object;
  }

  private void merge(ObjectNode into, Node merged, int depth) {
    List<Node> sources =
        merged instanceof SequenceNode sequence ? sequence.getValue() : List.of(merged);
    for (Node source : sources) {
      if (!(source instanceof MappingNode)) {
        throw new Refused("a merge key (<<) must name a mapping or a list of them", line(source));
      }
      ObjectNode base = mapping((MappingNode) source, depth + 1);
      base.fields()
          .forEachRemaining(
              e -> {
                if (!into.has(e.getKey())) {
                  into.set(e.getKey(), e.getValue());
                }
              });
    }
  }

  private static boolean isMerge(NodeTuple entry) {
    return entry.getKeyNode().getTag().equals(Tag.MERGE);
  }

  private static String key(Node key) {
    if (key instanceof ScalarNode scalar) {
      return scalar.getValue();
    }
    throw new Refused("a key must be a plain value, not a mapping or a list", line(key));
  }

  /** A scalar as YAML 1.1 resolves it, as Jackson's parser does for documents without aliases. */
  private static JsonNode scalar(ScalarNode scalar) {
    String value = scalar.getValue();
    Tag tag = scalar.getTag();
    if (tag.equals(Tag.NULL)) {
      return NODES.nullNode();
    }
    if (tag.equals(Tag.BOOL)) {
      return NODES.booleanNode(
          switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            default -> false;
          });
    }
    if (tag.equals(Tag.INT)) {
      BigInteger number = integer(value.replace("_", ""));
      if (number != null) {
        // The smallest node that holds it, as Jackson's parser gives: the trees then compare equal.
        return number.bitLength() < 32
            ? NODES.numberNode(number.intValue())
            : number.bitLength() < 64
                ? NODES.numberNode(number.longValue())
                : NODES.numberNode(number);
      }
    }
    if (tag.equals(Tag.FLOAT) && FLOAT.matcher(value).matches()) {
      return NODES.numberNode(Double.parseDouble(value.replace("_", "")));
    }
    return NODES.textNode(value);
  }

  /** YAML 1.1's integers: decimal, {@code 0x} hexadecimal, {@code 0o} or leading-zero octal. */
  private static BigInteger integer(String value) {
    boolean negative = value.startsWith("-");
    String digits = negative || value.startsWith("+") ? value.substring(1) : value;
    BigInteger magnitude;
    if (DECIMAL.matcher(digits).matches()) {
      magnitude = new BigInteger(digits);
    } else if (digits.matches("0x[0-9a-fA-F]+")) {
      magnitude = new BigInteger(digits.substring(2), 16);
    } else if (digits.matches("0o?[0-7]+")) {
      magnitude = new BigInteger(digits.substring(digits.charAt(1) == 'o' ? 2 : 1), 8);
    } else {
      return null;
    }
    return negative ? magnitude.negate() : magnitude;
  }

  private static int line(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }
}
