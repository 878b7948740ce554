package dev.rempart.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The line of every value of one YAML document, by its path ({@code spec.network.defaultDeny[0]}):
 * so that a message about a value points at that value, not at the start of its document. Read only
 * when there is an error to place.
 */
public final class YamlLines {
  private static final YAMLFactory YAML = new YAMLFactory();

  private final Map<String, Integer> lines;

  private YamlLines(Map<String, Integer> lines) {
    this.lines = lines;
  }

  /**
   * The lines of the {@code index}-th document (0-based) of the text; empty when it cannot be read.
   */
  public static YamlLines of(byte[] text, int index) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = YAML.createParser(text)) {
      int document = -1;
      while (parser.nextToken() != null) {
        document++;
        if (document < index) {
          parser.skipChildren();
          continue;
        }
        read(parser, lines);
        break;
      }
    } catch (IOException e) {
      // The document was parsed once already; if it cannot be again, the document's line stands.
    }
    return new YamlLines(lines);
  }

  /** The line of the value at {@code path}, or of its closest ancestor that is present. */
  public Optional<Integer> line(String path) {
    String p = path;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return Optional.of(line);
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) {
        return Optional.ofNullable(lines.get(""));
      }
      p = p.substring(0, cut);
    }
  }

  private static final class Frame {
    final String path;
    final boolean array;
    int index;
    String field;

    Frame(String path, boolean array) {
      this.path = path;
      this.array = array;
    }

    String child() {
      if (array) {
        return path + "[" + index++ + "]";
      }
      return path.isEmpty() ? field : path + "." + field;
    }
  }

  private static void read(JsonParser parser, Map<String, Integer> lines) throws IOException {
    Deque<Frame> stack = new ArrayDeque<>();
    JsonToken token = parser.currentToken();
    do {
      int line = parser.currentTokenLocation().getLineNr();
      switch (token) {
        case FIELD_NAME -> {
          // A field's line is that of its key: a block mapping as its value starts a line later.
          Frame frame = stack.peek();
          frame.field = parser.currentName();
          lines.putIfAbsent(
              frame.path.isEmpty() ? frame.field : frame.path + "." + frame.field, line);
        }
        case END_OBJECT, END_ARRAY -> stack.pop();
        default -> {
          String path = stack.isEmpty() ? "" : stack.peek().child();
          lines.putIfAbsent(path, line);
          if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            stack.push(new Frame(path, token == JsonToken.START_ARRAY));
          }
        }
      }
      if (stack.isEmpty()) {
        return;
      }
      token = parser.nextToken();
    } while (token != null);
  }
}
