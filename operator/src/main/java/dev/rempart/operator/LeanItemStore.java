package dev.rempart.operator;

import dev.rempart.core.ManagedObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An informer store that keeps only what the controls read: it drops the managed-fields bookkeeping
 * and the {@code kubectl.kubernetes.io/last-applied-configuration} annotation (often the largest
 * part of an object, and a second copy of it) before anything else sees the object. Of Rempart's
 * own objects it keeps who else wrote them: a drift report names the field manager that changed
 * them.
 */
final class LeanItemStore<R extends HasMetadata> extends IndexedItemStore<R> {
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  @Override
  public R put(String key, R object) {
    return super.put(key, lean(object));
  }

  static <R extends HasMetadata> R lean(R object) {
    ObjectMeta meta = object.getMetadata();
    if (meta == null) {
      return object;
    }
    meta.setManagedFields(ManagedObjects.isManaged(object) ? otherWriters(meta) : null);
    Map<String, String> annotations = meta.getAnnotations();
    if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
      Map<String, String> kept = new LinkedHashMap<>(annotations);
      kept.remove(LAST_APPLIED);
      meta.setAnnotations(kept);
    }
    return object;
  }

  /**
   * Who else wrote a Rempart object, and when: all that a drift report reads of the managed fields
   * ({@link Remediator#lastOtherManager}). The field sets themselves, a tree of maps per writer,
   * are dropped, and so is Rempart's own entry.
   */
  private static List<ManagedFieldsEntry> otherWriters(ObjectMeta meta) {
    List<ManagedFieldsEntry> entries = meta.getManagedFields();
    if (entries == null) {
      return null;
    }
    List<ManagedFieldsEntry> others = new ArrayList<>(1);
    for (ManagedFieldsEntry entry : entries) {
      if (!ManagedObjects.FIELD_MANAGER.equals(entry.getManager())) {
        ManagedFieldsEntry writer = new ManagedFieldsEntry();
        writer.setManager(entry.getManager());
        writer.setTime(entry.getTime());
        writer.setAdditionalProperties(Collections.emptyMap());
        others.add(writer);
      }
    }
    return others.isEmpty() ? null : others;
  }
}
