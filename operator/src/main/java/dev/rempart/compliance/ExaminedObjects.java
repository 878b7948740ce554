package dev.rempart.compliance;

import dev.rempart.core.Control;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a control looked at: the namespaces it governs, the objects of the namespaced types it reads
 * in them, and every object of the cluster-scoped types it reads (a ClusterRoleBinding grants in
 * every namespace). Derived from the control's declared inputs, because the core does not yet say
 * what each check examined; when it does (per-control evidence), reports take it from there
 * instead.
 */
public final class ExaminedObjects {
  private ExaminedObjects() {}

  /** The governed namespaces, then the objects of the control's input types. */
  public static List<ResourceRef> of(Control control, List<Namespace> governed, Snapshot snapshot) {
    List<ResourceRef> refs = new ArrayList<>();
    governed.forEach(ns -> refs.add(ResourceRef.of(ns)));
    for (Class<? extends HasMetadata> type : control.inputs()) {
      if (type == Namespace.class) {
        continue;
      }
      if (!Namespaced.class.isAssignableFrom(type)) {
        snapshot.all(type).forEach(o -> refs.add(ResourceRef.of(o)));
        continue;
      }
      for (Namespace ns : governed) {
        snapshot
            .inNamespace(type, ns.getMetadata().getName())
            .forEach(o -> refs.add(ResourceRef.of(o)));
      }
    }
    return refs;
  }

  /** How many of each kind: {@code Namespace=3, NetworkPolicy=7}, in first-seen order. */
  public static Map<String, Integer> countByKind(List<ResourceRef> refs) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    refs.forEach(r -> counts.merge(r.kind(), 1, Integer::sum));
    return counts;
  }
}
