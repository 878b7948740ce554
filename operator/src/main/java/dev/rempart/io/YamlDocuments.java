package dev.rempart.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Cuts a YAML stream into its documents as text, at the {@code ---} and {@code ...} markers,
 * without parsing it. Each document can then be parsed on its own: a malformed one costs only
 * itself (the parser cannot resume after an error), and documents can be parsed on several threads.
 * YAML forbids a marker at the start of a line inside content, so the cut is where the parser would
 * cut. Only one document's text is held at a time.
 */
public final class YamlDocuments {
  private final BufferedReader in;
  private String pending;
  private int lineNumber;
  private boolean done;

  /**
   * One document's text.
   *
   * @param text the lines, each ending with a newline; the {@code ---} line that opens it included
   * @param firstLine the line of the file the text starts at (1-based)
   */
  public record Document(String text, int firstLine) {}

  public YamlDocuments(Reader in) {
    this.in = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
  }

  /** The next document, or null at the end of the stream. */
  public Document next() throws IOException {
    if (done) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    int first = pending != null ? lineNumber : lineNumber + 1;
    boolean content = false;
    if (pending != null) {
      text.append(pending).append('\n');
      content = hasContentAfterMarker(pending);
      pending = null;
    }
    String line;
    while ((line = in.readLine()) != null) {
      lineNumber++;
      if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
        line = line.substring(1); // a byte-order mark
      }
      if (isMarker(line, "---") && (content || text.length() > 0 && startedWithMarker(text))) {
        pending = line;
        return new Document(text.toString(), first);
      }
      text.append(line).append('\n');
      if (isMarker(line, "...")) {
        return new Document(text.toString(), first);
      }
      if (!content && isContent(line)) {
        content = true;
      }
    }
    done = true;
    return text.length() == 0 ? null : new Document(text.toString(), first);
  }

  /**
   * A document start that follows only comments and directives belongs to them ({@code %YAML 1.2}
   * then {@code ---}); one that follows an earlier {@code ---} with nothing in between opens a new,
   * empty document.
   */
  private static boolean startedWithMarker(StringBuilder text) {
    return text.length() >= 3
        && text.charAt(0) == '-'
        && text.charAt(1) == '-'
        && text.charAt(2) == '-'
        && (text.length() == 3 || Character.isWhitespace(text.charAt(3)));
  }

  private static boolean hasContentAfterMarker(String markerLine) {
    String rest = markerLine.substring(3).strip();
    return !rest.isEmpty() && rest.charAt(0) != '#';
  }

  private static boolean isMarker(String line, String marker) {
    return line.startsWith(marker)
        && (line.length() == 3 || line.charAt(3) == ' ' || line.charAt(3) == '\t');
  }

  private static boolean isContent(String line) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ' ' || c == '\t') {
        continue;
      }
      return c != '#' && !(i == 0 && c == '%');
    }
    return false;
  }
}
