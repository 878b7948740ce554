package dev.rempart.cli.input;

import dev.rempart.core.ResourceRef;
import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The snapshot an offline evaluation runs on, and what it takes to point findings back at files.
 *
 * @param snapshot the objects kept, plus the namespaces synthesised for them
 * @param locations where each kept object was read
 * @param implied the namespaces synthesised because objects are placed in them
 * @param summary what was read and skipped
 * @param placement how many objects each namespace holds, and what the input options changed
 */
public record InputSnapshot(
    Snapshot snapshot,
    Map<ObjectKey, Location> locations,
    List<Namespace> implied,
    InputSummary summary,
    Placement placement) {

  /**
   * Where the objects read were placed.
   *
   * @param objectsByNamespace every object read that is placed in a namespace, counted by namespace
   * @param widened the Namespaces of the input governed only because of {@code --all-namespaces}
   * @param helmTests the Helm test hooks skipped
   */
  public record Placement(
      Map<String, Long> objectsByNamespace, List<String> widened, long helmTests) {
    public Placement {
      objectsByNamespace = Map.copyOf(objectsByNamespace);
      widened = List.copyOf(widened);
    }
  }

  /**
   * Where the object a finding names was read; for a synthesised namespace, the first object placed
   * in it.
   */
  public Optional<Location> locate(ResourceRef ref) {
    return Optional.ofNullable(locations.get(ObjectKey.of(ref)));
  }

  /**
   * An object's identity for lookups; the API version is left out, so {@code apps/v1} and a
   * finding's own spelling of it agree.
   */
  public record ObjectKey(String kind, String namespace, String name) {
    public static ObjectKey of(ResourceRef ref) {
      return new ObjectKey(ref.kind(), ref.namespace(), ref.name());
    }

    static ObjectKey namespace(String name) {
      return new ObjectKey("Namespace", null, name);
    }
  }
}
