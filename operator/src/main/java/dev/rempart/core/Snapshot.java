package dev.rempart.core;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster objects an evaluation looks at, grouped by Java type. Immutable once built. The
 * operator builds one from its informer caches, the command line from files: the core cannot tell
 * the difference.
 */
public final class Snapshot {
  private final Map<Class<?>, List<HasMetadata>> byType;
  private final Map<Class<?>, Map<String, List<HasMetadata>>> byNamespace =
      new ConcurrentHashMap<>();

  private Snapshot(Map<Class<?>, List<HasMetadata>> byType) {
    this.byType = byType;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static Snapshot of(HasMetadata... objects) {
    return builder().addAll(List.of(objects)).build();
  }

  /** Every object of the given type. */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> List<T> all(Class<T> type) {
    return (List<T>) byType.getOrDefault(type, List.of());
  }

  /** The objects of the given type in one namespace. */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> List<T> inNamespace(Class<T> type, String namespace) {
    Map<String, List<HasMetadata>> index =
        byNamespace.computeIfAbsent(type, t -> indexByNamespace(all(type)));
    return (List<T>) index.getOrDefault(namespace, List.of());
  }

  /** The object of the given type, namespace and name, if present. */
  public <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
    List<T> candidates = namespace == null ? all(type) : inNamespace(type, namespace);
    return candidates.stream()
        .filter(o -> Objects.equals(o.getMetadata().getName(), name))
        .findFirst();
  }

  /** This snapshot with more objects (the command line's exceptions, read apart). */
  public Snapshot plus(Collection<? extends HasMetadata> more) {
    Builder builder = builder();
    byType.values().forEach(builder::addAll);
    return builder.addAll(more).build();
  }

  /** How many objects of every type the snapshot holds. */
  public int size() {
    return byType.values().stream().mapToInt(List::size).sum();
  }

  private static Map<String, List<HasMetadata>> indexByNamespace(List<? extends HasMetadata> all) {
    Map<String, List<HasMetadata>> index = new HashMap<>();
    for (HasMetadata o : all) {
      String ns = o.getMetadata().getNamespace();
      if (ns != null) {
        index.computeIfAbsent(ns, k -> new ArrayList<>()).add(o);
      }
    }
    return index;
  }

  /** Collects objects; the type of each object decides where it is filed. */
  public static final class Builder {
    private final Map<Class<?>, List<HasMetadata>> byType = new LinkedHashMap<>();

    public Builder add(HasMetadata object) {
      byType.computeIfAbsent(object.getClass(), k -> new ArrayList<>()).add(object);
      return this;
    }

    public Builder addAll(Collection<? extends HasMetadata> objects) {
      objects.forEach(this::add);
      return this;
    }

    public Snapshot build() {
      Map<Class<?>, List<HasMetadata>> frozen = new LinkedHashMap<>();
      byType.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
      return new Snapshot(frozen);
    }
  }
}
