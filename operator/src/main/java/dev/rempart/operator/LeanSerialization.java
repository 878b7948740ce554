package dev.rempart.operator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collections;
import java.util.Map;

/**
 * The operator's JSON reading, with two savings. Every fabric8 model object carries its own map of
 * unknown fields, almost always empty. With tens of thousands of cached objects, each made of a
 * dozen model objects, those empty maps were the largest class on the heap (2.4 million at 10,000
 * namespaces). An empty one is replaced, as the object is read, by the shared immutable empty map.
 *
 * <p>Short strings that repeat across objects are shared ({@link SharedStrings}).
 *
 * <p>The field sets of the managed fields ({@code fieldsV1}, a tree of maps for every writer of an
 * object) are skipped, not read ({@link SkippedFieldSets}): nothing in the operator reads them, and
 * every object the API server sends carries them, the echo of each of Rempart's own writes and the
 * answer to it included. Who wrote an object and when (the rest of each entry) is read as before.
 * An object read this way must not be sent back with its managed fields: a writer that sends an
 * object it read clears them first, which also tells the API server to keep its own.
 *
 * <p>For the maps, only the typed built-in models are touched: a {@link GenericKubernetesResource}
 * keeps all of its content in that map and is left alone. Nothing in Rempart adds unknown fields to
 * an object it read; building a new object from one (the fabric8 builders) copies the map into a
 * fresh one.
 */
public final class LeanSerialization {
  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  private LeanSerialization() {}

  /**
   * A client for the operator, reading with {@link #serialization()} and offering the TLS suites in
   * the order {@link CipherPreference} gives.
   */
  public static KubernetesClient client(Config config) {
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(CipherPreference.httpClientFactory(config))
        .withKubernetesSerialization(serialization())
        .build();
  }

  public static KubernetesSerialization serialization() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.registerModule(
        new SimpleModule("rempart-lean-models")
            .setDeserializerModifier(new SharedEmptyMaps())
            .addDeserializer(String.class, new SharedStrings())
            .addDeserializer(FieldsV1.class, new SkippedFieldSets()));
    return new KubernetesSerialization(mapper, true);
  }

  /**
   * Strings read are shared when short and likely repeated: the namespace every object of a
   * namespace names, label values, kinds and API versions, the baseline's uid in every owner
   * reference. Resource versions (digits only, new at every write) and long values are left as
   * read. {@link String#intern} keeps them only while something uses them.
   */
  static final class SharedStrings extends StdScalarDeserializer<String> {
    private static final int LONGEST_SHARED = 64;

    SharedStrings() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      return shared(StringDeserializer.instance.deserialize(parser, context));
    }

    static String shared(String value) {
      if (value == null || value.isEmpty() || value.length() > LONGEST_SHARED || digits(value)) {
        return value;
      }
      return value.intern();
    }

    private static boolean digits(String value) {
      for (int i = 0; i < value.length(); i++) {
        if (!Character.isDigit(value.charAt(i))) {
          return false;
        }
      }
      return true;
    }
  }

  /** Reads a {@code fieldsV1} value as absent, skipping its tree without building it. */
  static final class SkippedFieldSets extends StdDeserializer<FieldsV1> {
    SkippedFieldSets() {
      super(FieldsV1.class);
    }

    @Override
    public FieldsV1 deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      parser.skipChildren();
      return null;
    }
  }

  private static final class SharedEmptyMaps extends BeanDeserializerModifier {
    @Override
    public JsonDeserializer<?> modifyDeserializer(
        DeserializationConfig config,
        BeanDescription description,
        JsonDeserializer<?> deserializer) {
      Class<?> type = description.getBeanClass();
      if (!KubernetesResource.class.isAssignableFrom(type)
          || GenericKubernetesResource.class.isAssignableFrom(type)
          || !type.getName().startsWith(MODEL_PACKAGE)) {
        return deserializer;
      }
      MethodHandle[] accessors = accessors(type);
      return accessors == null ? deserializer : new Shrinking(deserializer, accessors);
    }
  }

  /** The model's additionalProperties getter and setter, or null when it has none. */
  private static MethodHandle[] accessors(Class<?> type) {
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      MethodHandle getter =
          lookup.findVirtual(type, "getAdditionalProperties", MethodType.methodType(Map.class));
      MethodHandle setter =
          lookup.findVirtual(
              type, "setAdditionalProperties", MethodType.methodType(void.class, Map.class));
      return new MethodHandle[] {getter, setter};
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }

  private static final class Shrinking extends DelegatingDeserializer {
    private final MethodHandle[] accessors;

    Shrinking(JsonDeserializer<?> delegate, MethodHandle[] accessors) {
      super(delegate);
      this.accessors = accessors;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
      return new Shrinking(newDelegatee, accessors);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      return shrink(super.deserialize(parser, context));
    }

    private Object shrink(Object value) {
      if (value == null) {
        return null;
      }
      try {
        Map<?, ?> unknown = (Map<?, ?>) accessors[0].invoke(value);
        if (unknown != null && unknown.isEmpty()) {
          accessors[1].invoke(value, Collections.emptyMap());
        }
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
      return value;
    }
  }
}
