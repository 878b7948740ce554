package dev.rempart.cli.input;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.rempart.api.v1alpha1.SecurityBaselineSpec;
import io.fabric8.generator.annotation.Required;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fields of a baseline's spec marked {@link Required} that are missing. The API server enforces
 * {@code required} from the CRD's schema; offline, this does, so that a baseline without, say,
 * {@code podSecurity.level} is a message naming the field instead of a control failing.
 */
final class RequiredFields {
  private static final String API_PACKAGE = SecurityBaselineSpec.class.getPackageName();

  private RequiredFields() {}

  /** The path of the first missing required field, such as {@code spec.podSecurity.level}. */
  static Optional<String> firstMissing(SecurityBaselineSpec spec) {
    List<String> missing = new ArrayList<>();
    walk(spec, "spec", missing);
    return missing.stream().findFirst();
  }

  private static void walk(Object value, String path, List<String> missing) {
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), path + "[" + i + "]", missing);
      }
      return;
    }
    if (value == null
        || value.getClass().isEnum()
        || !value.getClass().getPackageName().equals(API_PACKAGE)) {
      return;
    }
    for (Field field : value.getClass().getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      Object fieldValue = read(field, value);
      String fieldPath = path + "." + jsonName(field);
      if (fieldValue == null && field.isAnnotationPresent(Required.class)) {
        missing.add(fieldPath);
      }
      walk(fieldValue, fieldPath, missing);
    }
  }

  private static Object read(Field field, Object owner) {
    try {
      field.setAccessible(true);
      return field.get(owner);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read " + field, e);
    }
  }

  private static String jsonName(Field field) {
    JsonProperty property = field.getAnnotation(JsonProperty.class);
    return property != null && !property.value().isEmpty() ? property.value() : field.getName();
  }
}
