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
 */
public record InputSnapshot(
    Snapshot snapshot,
    Map<ObjectKey, Location> locations,
    List<Namespace> implied,
    InputSummary summary) {

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
