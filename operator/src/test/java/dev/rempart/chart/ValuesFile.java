package dev.rempart.chart;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys of the chart's values.yaml, read line by line so that comments are kept: which keys
 * exist (as dotted paths) and which carry a "# --" documentation comment.
 */
public final class ValuesFile {
  private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z][A-Za-z0-9]*):(.*)$");
  private static final String DOC = "# --";

  /** Every key path, mapped to whether the key carries its own "# --" comment. */
  private final Map<String, Boolean> documented = new LinkedHashMap<>();

  private final List<String> leaves = new ArrayList<>();

  private ValuesFile() {}

  /** Reads the text of a values.yaml. */
  public static ValuesFile parse(String text) {
    ValuesFile file = new ValuesFile();
    Deque<String[]> parents = new ArrayDeque<>(); // {indent, path}
    boolean commentAbove = false;
    boolean inComment = false;
    for (String line : text.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#")) {
        if (trimmed.startsWith(DOC)) {
          inComment = true;
        }
        commentAbove = inComment;
        continue;
      }
      Matcher key = KEY.matcher(line);
      if (!key.matches()) {
        commentAbove = false;
        inComment = false;
        continue; // a list item or a blank line
      }
      int indent = key.group(1).length();
      while (!parents.isEmpty() && Integer.parseInt(parents.peek()[0]) >= indent) {
        parents.pop();
      }
      String path = parents.isEmpty() ? key.group(2) : parents.peek()[1] + "." + key.group(2);
      file.documented.put(path, commentAbove);
      String rest = key.group(3).strip();
      if (rest.isEmpty()) {
        parents.push(new String[] {Integer.toString(indent), path});
      } else {
        file.leaves.add(path);
      }
      commentAbove = false;
      inComment = false;
    }
    return file;
  }

  /** Every key path ("image", "image.tag", "resources.limits.cpu"). */
  public List<String> paths() {
    return List.copyOf(documented.keySet());
  }

  /** The keys that hold a value (not a section). */
  public List<String> leaves() {
    return List.copyOf(leaves);
  }

  /** The keys that carry their own "# --" comment: the documented values. */
  public List<String> documentedPaths() {
    return documented.entrySet().stream()
        .filter(Map.Entry::getValue)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** True when the key or one of its parents carries a "# --" comment. */
  public boolean isDocumented(String path) {
    for (String p = path; ; p = p.substring(0, p.lastIndexOf('.'))) {
      if (Boolean.TRUE.equals(documented.get(p))) {
        return true;
      }
      if (!p.contains(".")) {
        return false;
      }
    }
  }
}
