package dev.rempart.io;

/**
 * The head of a manifest (apiVersion, kind, metadata.name and metadata.namespace) read from a
 * document's text without parsing its YAML. Most of a repository's bytes are kinds no control reads
 * (CustomResourceDefinitions alone are two thirds of the real corpus): for those, these four fields
 * are all the audit needs, and scanning the lines for them costs a fraction of a YAML parse.
 *
 * <p>Only the plain block style that {@code helm template}, {@code kustomize build} and people
 * write is read this way: at the first sign of anything else (flow style at the top, anchors,
 * aliases, tags, quoted text with escapes, templates, a List) the scan gives up and the document is
 * parsed in full, so a document is never read differently, only faster. The body of a skipped kind
 * is not checked for well-formedness; that was never the audit's job for kinds it does not read.
 */
public final class ManifestHeader {
  /**
   * The head of a document.
   *
   * @param line the line of the document's first key (1-based), where a parser says it starts
   */
  public record Header(String apiVersion, String kind, String name, String namespace, int line) {}

  private ManifestHeader() {}

  /** The head, or null when the document is not in the plain form this scan reads. */
  public static Header scan(YamlDocuments.Document document) {
    String text = document.text();
    // A Helm hook's annotation decides whether the audit keeps it (test hooks are skipped): the
    // head has no annotations, so such a document is parsed in full.
    if (text.contains("{{") || text.contains("helm.sh/hook")) {
      return null;
    }
    String apiVersion = null;
    String kind = null;
    String name = null;
    String namespace = null;
    int first = 0;
    boolean inMetadata = false;
    boolean sequenceAllowed = false;
    int metadataIndent = -1;
    int lineNumber = document.firstLine() - 1;
    int start = 0;
    int length = text.length();
    while (start < length) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = length;
      }
      lineNumber++;
      String line = text.substring(start, end);
      start = end + 1;
      int indent = indent(line);
      if (indent < 0) {
        return null; // a tab in the indentation
      }
      if (indent == line.length() || line.charAt(indent) == '#') {
        continue; // blank or comment
      }
      if (indent == 0) {
        inMetadata = false;
        char c = line.charAt(0);
        if (c == '%' || line.startsWith("...")) {
          continue;
        }
        if (line.startsWith("---")) {
          String rest = stripComment(line.substring(3));
          if (rest == null || !rest.isEmpty()) {
            return null;
          }
          continue;
        }
        if (c == '-' && (line.length() == 1 || line.charAt(1) == ' ')) {
          // A sequence at the left margin is the value of the key above it (rules:, items:).
          if (!sequenceAllowed) {
            return null;
          }
          continue;
        }
        int colon = keyEnd(line, 0);
        if (colon < 0) {
          return null;
        }
        String key = line.substring(0, colon);
        String value = stripComment(line.substring(colon + 1));
        if (value == null) {
          return null;
        }
        if (first == 0) {
          first = lineNumber;
        }
        sequenceAllowed = value.isEmpty() && !key.equals("metadata");
        switch (key) {
          case "apiVersion" -> {
            if (apiVersion != null || (apiVersion = scalar(value)) == null) {
              return null;
            }
          }
          case "kind" -> {
            if (kind != null || (kind = scalar(value)) == null) {
              return null;
            }
          }
          case "metadata" -> {
            if (!value.isEmpty() || metadataIndent >= 0) {
              return null;
            }
            inMetadata = true;
            metadataIndent = 0;
          }
          default -> {
            if (!plainValue(value)) {
              return null;
            }
          }
        }
        continue;
      }
      if (!inMetadata) {
        continue; // inside another top-level value
      }
      if (metadataIndent == 0) {
        metadataIndent = indent;
      }
      if (indent < metadataIndent) {
        return null;
      }
      if (indent > metadataIndent) {
        continue; // inside labels, annotations, ...
      }
      int colon = keyEnd(line, indent);
      if (colon < 0) {
        return null;
      }
      String key = line.substring(indent, colon);
      String value = stripComment(line.substring(colon + 1));
      if (value == null) {
        return null;
      }
      if (key.equals("name")) {
        if (name != null || (name = scalar(value)) == null) {
          return null;
        }
      } else if (key.equals("namespace")) {
        if (namespace != null || (namespace = scalar(value)) == null) {
          return null;
        }
      } else if (!plainValue(value)) {
        return null;
      }
    }
    if (apiVersion == null || kind == null || name == null || kind.endsWith("List")) {
      return null;
    }
    return new Header(apiVersion, kind, name, namespace, first);
  }

  /** Leading spaces; -1 when a tab comes first. */
  private static int indent(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i < line.length() && line.charAt(i) == '\t' ? -1 : i;
  }

  /** The index of the colon ending a plain key ({@code name:} then a space or the end), or -1. */
  private static int keyEnd(String line, int from) {
    if (from >= line.length() || !Character.isLetter(line.charAt(from))) {
      return -1;
    }
    for (int i = from + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == ':') {
        return i + 1 == line.length() || line.charAt(i + 1) == ' ' ? i : -1;
      }
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '/')) {
        return -1;
      }
    }
    return -1;
  }

  /** The value with its comment and surrounding spaces removed; null when a quote makes it hard. */
  private static String stripComment(String value) {
    String v = value.strip();
    if (v.startsWith("\"") || v.startsWith("'")) {
      char quote = v.charAt(0);
      int close = v.indexOf(quote, 1);
      if (close < 0 || v.indexOf('\\') >= 0 || (quote == '\'' && v.indexOf("''") >= 0)) {
        return null;
      }
      String rest = v.substring(close + 1).strip();
      return rest.isEmpty() || rest.startsWith("#") ? v.substring(0, close + 1) : null;
    }
    int hash = v.indexOf(" #");
    return hash < 0 ? v : v.substring(0, hash).strip();
  }

  /**
   * A scalar of the head: plain or simply quoted text; null for anything a parser could read
   * differently (empty, flow, anchor, alias, tag, block scalar, a value YAML reads as null).
   */
  private static String scalar(String value) {
    if (value.isEmpty()) {
      return null;
    }
    char c = value.charAt(0);
    if (c == '"' || c == '\'') {
      String inner = value.substring(1, value.length() - 1);
      return inner.isEmpty() ? null : inner;
    }
    if (c == '{' || c == '[' || !plainValue(value) || !resolvesToText(value)) {
      return null;
    }
    return value;
  }

  /**
   * False for what YAML 1.1 (SnakeYAML's) reads as something other than text: null, booleans,
   * numbers, dates. Such a value is left to the parser, which reads it as a parser does.
   */
  private static boolean resolvesToText(String value) {
    switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "~", "null", "true", "false", "yes", "no", "on", "off", "y", "n" -> {
        return false;
      }
      default -> {
        // fall through to the number check
      }
    }
    char c = value.charAt(0);
    if (!(Character.isDigit(c) || c == '+' || c == '-' || c == '.')) {
      return true;
    }
    for (int i = 0; i < value.length(); i++) {
      char d = value.charAt(i);
      if (!(Character.isDigit(d) || "+-._:eExXoObBaAcCdDfF".indexOf(d) >= 0)) {
        return true;
      }
    }
    return false;
  }

  /** True unless the value opens something that may span lines or name another node. */
  private static boolean plainValue(String value) {
    if (value.isEmpty()) {
      return true;
    }
    char c = value.charAt(0);
    return switch (c) {
      case '{', '[' -> closesOnTheLine(value);
      case '&', '*', '!', '|', '>', '?', '@', '`', '%' -> false;
      case '-' -> value.length() > 1 && value.charAt(1) != ' ';
      case '"', '\'' -> true; // closed on the line: stripComment checked
      default -> true;
    };
  }

  /** A flow collection that ends on its line (no nested quotes to trip over). */
  private static boolean closesOnTheLine(String value) {
    if (value.indexOf('"') >= 0 || value.indexOf('\'') >= 0) {
      return false;
    }
    int depth = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    return depth == 0;
  }
}
