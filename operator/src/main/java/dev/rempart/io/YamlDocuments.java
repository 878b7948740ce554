package dev.rempart.io;

import java.io.IOException;
import java.io.Reader;

/**
 * Cuts a YAML stream into its documents as text, at the {@code ---} and {@code ...} markers,
 * without parsing it. Each document can then be parsed on its own: a malformed one costs only
 * itself (the parser cannot resume after an error), and documents can be parsed on several threads.
 * YAML forbids a marker at the start of a line inside content, so the cut is where the parser would
 * cut. Only one document's text is held at a time, and at most {@link #MAX_DOCUMENT_CHARS} of it: a
 * larger document (or a single line larger than that, such as a file with no line breaks) is read
 * through to its end and handed over as {@link Document#oversized() oversized}, with no text, so
 * memory stays bounded whatever the input.
 */
public final class YamlDocuments {
  /**
   * The largest document read: 3 MiB, the largest request body the Kubernetes API server accepts
   * (and SnakeYAML's own limit per document), so no object that could be applied is refused. It
   * also bounds the parser's time: SnakeYAML's scanner is quadratic in the length of one scalar.
   */
  public static final int MAX_DOCUMENT_CHARS = 3 * 1024 * 1024;

  private final Reader in;
  private final char[] buffer = new char[1 << 16];
  private int position;
  private int filled;
  private boolean afterCarriageReturn;
  private final StringBuilder line = new StringBuilder();
  private final int maxDocumentChars;
  private String pending;
  private int lineNumber;
  private boolean done;

  /**
   * One document's text.
   *
   * @param text the lines, each ending with a newline; the {@code ---} line that opens it included;
   *     empty when the document is oversized
   * @param firstLine the line of the file the text starts at (1-based)
   * @param oversized true when the document is larger than the limit: its text was not kept
   */
  public record Document(String text, int firstLine, boolean oversized) {
    public Document(String text, int firstLine) {
      this(text, firstLine, false);
    }
  }

  public YamlDocuments(Reader in) {
    this(in, MAX_DOCUMENT_CHARS);
  }

  /** With another limit on a document's size (tests). */
  YamlDocuments(Reader in, int maxDocumentChars) {
    this.in = in;
    this.maxDocumentChars = maxDocumentChars;
  }

  /** The next document, or null at the end of the stream. */
  public Document next() throws IOException {
    if (done) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    int first = pending != null ? lineNumber : lineNumber + 1;
    boolean content = false;
    boolean oversized = false;
    if (pending != null) {
      text.append(pending).append('\n');
      content = hasContentAfterMarker(pending);
      pending = null;
    }
    String line;
    while ((line = readLine()) != null) {
      lineNumber++;
      if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
        line = line.substring(1); // a byte-order mark
      }
      if (isMarker(line, "---")
          && (content || oversized || text.length() > 0 && startedWithMarker(text))) {
        pending = line;
        return document(text, first, oversized);
      }
      // Past the limit, the lines are still read (for the next marker), not kept.
      oversized |= text.length() + line.length() + 1 > maxDocumentChars;
      if (!oversized) {
        text.append(line).append('\n');
      }
      if (isMarker(line, "...")) {
        return document(text, first, oversized);
      }
      if (!content && isContent(line)) {
        content = true;
      }
    }
    done = true;
    return text.length() == 0 && !oversized ? null : document(text, first, oversized);
  }

  private static Document document(StringBuilder text, int first, boolean oversized) {
    return oversized ? new Document("", first, true) : new Document(text.toString(), first);
  }

  /**
   * The next line without its end ({@code \n}, {@code \r\n} or {@code \r}, as {@link
   * java.io.BufferedReader#readLine} cuts), or null at the end of the input. At most one character
   * more than a document may hold is kept of a line: enough to tell it is too long.
   */
  private String readLine() throws IOException {
    line.setLength(0);
    boolean any = false;
    while (true) {
      if (position == filled) {
        filled = Math.max(0, in.read(buffer, 0, buffer.length));
        position = 0;
        if (filled == 0) {
          return any ? line.toString() : null;
        }
      }
      if (afterCarriageReturn) {
        afterCarriageReturn = false;
        if (buffer[position] == '\n') {
          position++;
          continue;
        }
      }
      any = true;
      int start = position;
      while (position < filled && buffer[position] != '\n' && buffer[position] != '\r') {
        position++;
      }
      int keep = Math.min(position - start, maxDocumentChars + 1 - line.length());
      line.append(buffer, start, Math.max(0, keep));
      if (position < filled) {
        afterCarriageReturn = buffer[position] == '\r';
        position++;
        return line.toString();
      }
    }
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
