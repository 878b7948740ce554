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

  /**
   * The longest run of characters without a space or line break read: 1.5 MiB, the most etcd stores
   * in one object by default. SnakeYAML's scanner takes time growing with the square of such a
   * run's length (a 3 MiB one takes over ten seconds of a core, a 30 MiB one hours); a space or a
   * line break ends the run, so long text and block scalars are not concerned.
   */
  public static final int MAX_VALUE_CHARS = 3 * 512 * 1024;

  private final Reader in;
  private final char[] buffer = new char[1 << 16];
  private int position;
  private int filled;
  private boolean afterCarriageReturn;
  private int run;
  private int longestRun;
  private final StringBuilder line = new StringBuilder();
  private final int maxDocumentChars;
  private final int maxValueChars;
  private String pending;
  private int lineNumber;
  private boolean done;

  /**
   * One document's text.
   *
   * @param text the lines, each ending with a newline; the {@code ---} line that opens it included;
   *     empty when the document is refused
   * @param firstLine the line of the file the text starts at (1-based)
   * @param refused null, or why the document is not read (its text was not kept)
   */
  public record Document(String text, int firstLine, String refused) {
    public Document(String text, int firstLine) {
      this(text, firstLine, null);
    }
  }

  public YamlDocuments(Reader in) {
    this(in, MAX_DOCUMENT_CHARS, MAX_VALUE_CHARS);
  }

  /** With other limits (tests). */
  YamlDocuments(Reader in, int maxDocumentChars, int maxValueChars) {
    this.in = in;
    this.maxDocumentChars = maxDocumentChars;
    this.maxValueChars = maxValueChars;
  }

  /** The next document, or null at the end of the stream. */
  public Document next() throws IOException {
    if (done) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    int first = pending != null ? lineNumber : lineNumber + 1;
    boolean content = false;
    String refused = null;
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
          && (content || refused != null || text.length() > 0 && startedWithMarker(text))) {
        pending = line;
        return document(text, first, refused);
      }
      if (refused == null) {
        refused = refusal(text.length() + line.length() + 1);
      }
      // Once refused, the lines are still read (for the next marker), not kept.
      if (refused == null) {
        text.append(line).append('\n');
      }
      if (isMarker(line, "...")) {
        return document(text, first, refused);
      }
      if (!content && isContent(line)) {
        content = true;
      }
    }
    done = true;
    return text.length() == 0 && refused == null ? null : document(text, first, refused);
  }

  /** Why the document read so far, the line just read included, is refused; or null. */
  private String refusal(int chars) {
    if (chars > maxDocumentChars) {
      return "the document is larger than "
          + mib(maxDocumentChars)
          + ", more than the Kubernetes API server accepts in a request: not read";
    }
    if (longestRun > maxValueChars) {
      return "line "
          + lineNumber
          + " holds a value of "
          + longestRun
          + " characters without a space, more than "
          + mib(maxValueChars)
          + " (the most etcd stores in one object): not read, as the parser's time grows with the"
          + " square of its length";
    }
    return null;
  }

  private static String mib(int chars) {
    return chars % (1 << 20) == 0 ? (chars >> 20) + " MiB" : chars / (double) (1 << 20) + " MiB";
  }

  private static Document document(StringBuilder text, int first, String refused) {
    return refused != null
        ? new Document("", first, refused)
        : new Document(text.toString(), first);
  }

  /**
   * The next line without its end ({@code \n}, {@code \r\n} or {@code \r}, as {@link
   * java.io.BufferedReader#readLine} cuts), or null at the end of the input. At most one character
   * more than a document may hold is kept of a line: enough to tell it is too long.
   */
  private String readLine() throws IOException {
    line.setLength(0);
    run = 0;
    longestRun = 0;
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
      while (position < filled) {
        char c = buffer[position];
        if (c == '\n' || c == '\r') {
          break;
        }
        run = c == ' ' || c == '\t' ? 0 : run + 1;
        longestRun = Math.max(longestRun, run);
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
