package dev.rempart.bench;

import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Objects kept by type and namespace and changed in place, as the operator's informer stores keep
 * them: a benchmark round then pays for what it reads, not for indexing a new snapshot.
 */
final class LiveObjects implements Snapshot.Source {
  private final Map<Class<?>, Map<String, Map<String, HasMetadata>>> objects = new HashMap<>();

  void put(HasMetadata object) {
    objects
        .computeIfAbsent(object.getClass(), t -> new HashMap<>())
        .computeIfAbsent(namespaceOf(object), n -> new HashMap<>())
        .put(object.getMetadata().getName(), object);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> List<T> all(Class<T> type) {
    List<T> all = new ArrayList<>();
    objects
        .getOrDefault(type, Map.of())
        .values()
        .forEach(m -> all.addAll((List<T>) new ArrayList<>(m.values())));
    return all;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> List<T> inNamespace(Class<T> type, String namespace) {
    return (List<T>)
        List.copyOf(
            objects.getOrDefault(type, Map.of()).getOrDefault(namespace, Map.of()).values());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
    return Optional.ofNullable(
        (T)
            objects
                .getOrDefault(type, Map.of())
                .getOrDefault(namespace == null ? "" : namespace, Map.of())
                .get(name));
  }

  @Override
  public Set<String> namespacesHolding(Class<? extends HasMetadata> type) {
    Set<String> namespaces = new java.util.HashSet<>(objects.getOrDefault(type, Map.of()).keySet());
    namespaces.remove("");
    return namespaces;
  }

  @Override
  public Set<Class<? extends HasMetadata>> types() {
    Set<Class<? extends HasMetadata>> types = new java.util.HashSet<>();
    objects.keySet().forEach(t -> types.add(t.asSubclass(HasMetadata.class)));
    return types;
  }

  private static String namespaceOf(HasMetadata object) {
    return object.getMetadata().getNamespace() == null ? "" : object.getMetadata().getNamespace();
  }
}
