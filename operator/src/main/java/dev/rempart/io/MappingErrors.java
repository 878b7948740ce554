package dev.rempart.io;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A value that does not fit its field, described in the manifest's words: the field's path as
 * written in YAML ({@code spec.network.defaultDeny[0]}), the value, and what was expected ({@code
 * "Inbound" is not one of Ingress, Egress}), never the Java type that failed to read it.
 */
public final class MappingErrors {
  /** A Java type name as Jackson quotes it: {@code `java.util.ArrayList<...>`}. */
  private static final Pattern JAVA_TYPE = Pattern.compile("`[a-zA-Z_$][\\w.$<>, \\[\\]]*`");

  private MappingErrors() {}

  /** {@code spec.network.defaultDeny[0]}, from Jackson's path to the failure. */
  public static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        path.append('[').append(r.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /**
   * {@code path: what is wrong}.
   *
   * @param document the document that failed, to quote the value at fault; may be null
   */
  public static String describe(JsonMappingException e, JsonNode document) {
    String path = path(e);
    String where = path.isEmpty() ? "" : path + ": ";
    if (e instanceof UnrecognizedPropertyException unknown) {
      return where + "unknown field" + known(unknown.getKnownPropertyIds());
    }
    if (e instanceof InvalidFormatException format
        && format.getTargetType() != null
        && format.getTargetType().isEnum()) {
      return where
          + quote(format.getValue())
          + " is not one of "
          + Arrays.stream(format.getTargetType().getEnumConstants())
              .map(String::valueOf)
              .collect(Collectors.joining(", "));
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      JsonNode value = document == null ? null : at(document, e);
      return where
          + "expected "
          + expected(mismatch.getTargetType())
          + (value == null || value.isMissingNode() ? "" : ", not " + shown(value));
    }
    return where + withoutJavaTypes(firstLine(e.getOriginalMessage()));
  }

  /** Jackson's message with every quoted Java type replaced by {@code a value}. */
  public static String withoutJavaTypes(String message) {
    // A limit's message names the Java method that sets it (", from `StreamReadConstraints...`").
    String withoutLimitSource = message.replaceAll(", from `[^`]*`", "");
    return JAVA_TYPE.matcher(withoutLimitSource).replaceAll("a value").replace("JsonToken.", "");
  }

  private static String known(Collection<Object> ids) {
    if (ids == null || ids.isEmpty()) {
      return "";
    }
    TreeSet<String> names = new TreeSet<>();
    ids.forEach(id -> names.add(String.valueOf(id)));
    return " (known fields: " + String.join(", ", names) + ")";
  }

  private static String expected(Class<?> type) {
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == Integer.class
        || type == int.class
        || type == Long.class
        || type == long.class
        || type == Short.class) {
      return "a whole number";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isEnum()) {
      return "one of "
          + Arrays.stream(type.getEnumConstants())
              .map(String::valueOf)
              .collect(Collectors.joining(", "));
    }
    if (Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "a mapping (key: value)";
    }
    return "a mapping of fields";
  }

  private static JsonNode at(JsonNode document, JsonMappingException e) {
    JsonNode node = document;
    for (JsonMappingException.Reference r : e.getPath()) {
      if (node == null) {
        return null;
      }
      node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
    }
    return node;
  }

  private static String shown(JsonNode value) {
    if (value.isTextual()) {
      return quote(value.asText());
    }
    if (value.isArray()) {
      return "a list";
    }
    if (value.isObject()) {
      return "a mapping";
    }
    return value.toString();
  }

  private static String quote(Object value) {
    return "\"" + value + "\"";
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
