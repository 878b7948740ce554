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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster objects an evaluation looks at, grouped by Java type. The command line builds one
 * from files (immutable); the operator reads its informer caches through a {@link Source} without
 * copying them: the core cannot tell the difference.
 *
 * <p>A snapshot can record what an evaluation reads ({@link #recording}): the incremental
 * evaluation learns from it which changes elsewhere in the cluster can alter a namespace's result.
 */
public final class Snapshot {
  private final Source source;
  private final Reads reads;
  private final Set<Class<?>> unserved;

  private Snapshot(Source source, Reads reads, Set<Class<?>> unserved) {
    this.source = source;
    this.reads = reads;
    this.unserved = unserved;
  }

  public static Builder builder() {
    return new Builder();
  }

  public static Snapshot of(HasMetadata... objects) {
    return builder().addAll(List.of(objects)).build();
  }

  /** A snapshot that reads another store of objects (the operator's informer caches). */
  public static Snapshot over(Source source) {
    return new Snapshot(source, null, Set.of());
  }

  /** The same objects, with every read outside {@code own}'s namespace written to {@code reads}. */
  public Snapshot recording(Reads reads) {
    return new Snapshot(source, reads, unserved);
  }

  /**
   * The same objects, knowing that the API server does not serve these types (a CRD that is not
   * installed, such as the CSI snapshots'): the cluster then has none of them, which a control may
   * want to say rather than leave a reader to wonder whether they were read.
   */
  public Snapshot withUnserved(Set<? extends Class<?>> types) {
    return new Snapshot(source, reads, Set.copyOf(types));
  }

  /** False when the API server is known not to serve the type; true otherwise. */
  public boolean isServed(Class<?> type) {
    return !unserved.contains(type);
  }

  /** Every object of the given type. */
  public <T extends HasMetadata> List<T> all(Class<T> type) {
    List<T> all = source.all(type);
    if (reads != null) {
      reads.all(type);
      reads.objects(all.size());
    }
    return all;
  }

  /** The objects of the given type in one namespace. */
  public <T extends HasMetadata> List<T> inNamespace(Class<T> type, String namespace) {
    List<T> objects = source.inNamespace(type, namespace);
    if (reads != null) {
      reads.inNamespace(type, namespace);
      reads.objects(objects.size());
    }
    return objects;
  }

  /** The object of the given type, namespace and name, if present. */
  public <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
    if (reads != null) {
      if (namespace == null) {
        reads.named(type, name);
      } else {
        reads.inNamespace(type, namespace);
      }
    }
    return source.find(type, namespace, name);
  }

  /** The namespaces that hold at least one object of the given type (not recorded). */
  public Set<String> namespacesHolding(Class<? extends HasMetadata> type) {
    return source.namespacesHolding(type);
  }

  /** This snapshot with more objects (the command line's exceptions, read apart). */
  public Snapshot plus(Collection<? extends HasMetadata> more) {
    Builder builder = builder();
    source.types().forEach(t -> builder.addAll(source.all(t)));
    return builder.addAll(more).build().withUnserved(unserved);
  }

  /** How many objects of every type the snapshot holds. */
  public int size() {
    return source.types().stream().mapToInt(t -> source.all(t).size()).sum();
  }

  /** Where a snapshot's objects come from. */
  public interface Source {
    <T extends HasMetadata> List<T> all(Class<T> type);

    <T extends HasMetadata> List<T> inNamespace(Class<T> type, String namespace);

    <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name);

    Set<String> namespacesHolding(Class<? extends HasMetadata> type);

    /** The types it holds objects of. */
    Set<Class<? extends HasMetadata>> types();
  }

  /** Receives what an evaluation reads. */
  public interface Reads {
    /** Every object of a type was read. */
    void all(Class<?> type);

    /** The objects of a type in one namespace were read. */
    void inNamespace(Class<?> type, String namespace);

    /** One cluster-scoped object was looked up by name. */
    void named(Class<?> type, String name);

    /** How many objects a read handed over (for the work counters). */
    default void objects(int count) {}
  }

  /** Collects objects; the type of each object decides where it is filed. */
  public static final class Builder {
    private final Map<Class<? extends HasMetadata>, List<HasMetadata>> byType =
        new LinkedHashMap<>();

    public Builder add(HasMetadata object) {
      byType.computeIfAbsent(object.getClass(), k -> new ArrayList<>()).add(object);
      return this;
    }

    public Builder addAll(Collection<? extends HasMetadata> objects) {
      objects.forEach(this::add);
      return this;
    }

    public Snapshot build() {
      Map<Class<? extends HasMetadata>, List<HasMetadata>> frozen = new LinkedHashMap<>();
      byType.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
      return new Snapshot(new Frozen(frozen), null, Set.of());
    }
  }

  /** Objects held in memory, indexed by namespace and by name on first use. */
  private static final class Frozen implements Source {
    private final Map<Class<? extends HasMetadata>, List<HasMetadata>> byType;
    private final Map<Class<?>, Map<String, List<HasMetadata>>> byNamespace =
        new ConcurrentHashMap<>();
    private final Map<Class<?>, Map<String, HasMetadata>> clusterByName = new ConcurrentHashMap<>();

    Frozen(Map<Class<? extends HasMetadata>, List<HasMetadata>> byType) {
      this.byType = byType;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> List<T> all(Class<T> type) {
      return (List<T>) byType.getOrDefault(type, List.of());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> List<T> inNamespace(Class<T> type, String namespace) {
      return (List<T>) namespaceIndex(type).getOrDefault(namespace, List.of());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> Optional<T> find(Class<T> type, String namespace, String name) {
      if (namespace == null) {
        Map<String, HasMetadata> index =
            clusterByName.computeIfAbsent(type, t -> indexByName(all(type)));
        return Optional.ofNullable((T) index.get(name));
      }
      return inNamespace(type, namespace).stream()
          .filter(o -> Objects.equals(o.getMetadata().getName(), name))
          .findFirst();
    }

    @Override
    public Set<String> namespacesHolding(Class<? extends HasMetadata> type) {
      return namespaceIndex(type).keySet();
    }

    @Override
    public Set<Class<? extends HasMetadata>> types() {
      return byType.keySet();
    }

    private Map<String, List<HasMetadata>> namespaceIndex(Class<?> type) {
      return byNamespace.computeIfAbsent(type, t -> indexByNamespace(byType.get(t)));
    }

    private static Map<String, List<HasMetadata>> indexByNamespace(List<HasMetadata> all) {
      Map<String, List<HasMetadata>> index = new HashMap<>();
      for (HasMetadata o : all == null ? List.<HasMetadata>of() : all) {
        String ns = o.getMetadata().getNamespace();
        if (ns != null) {
          index.computeIfAbsent(ns, k -> new ArrayList<>()).add(o);
        }
      }
      return index;
    }

    /** The first object of each name, as a scan in order would find it. */
    private static Map<String, HasMetadata> indexByName(List<? extends HasMetadata> all) {
      Map<String, HasMetadata> index = new HashMap<>();
      for (HasMetadata o : all) {
        index.putIfAbsent(o.getMetadata().getName(), o);
      }
      return index;
    }
  }
}
