package dev.rempart.core.controls.datadeletion;

import dev.rempart.api.storage.VolumeSnapshot;
import dev.rempart.api.storage.VolumeSnapshotContent;
import dev.rempart.core.Snapshot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What of an offboarded namespace's data is still in the cluster.
 *
 * @param data the namespace's own objects that hold or may hold customer data: claims, Secrets
 *     (metadata only: their content is never read), ConfigMaps and VolumeSnapshots
 * @param retained cluster-scoped objects that keep the namespace's data after those are deleted:
 *     PersistentVolumes with reclaim policy Retain claimed from the namespace, and
 *     VolumeSnapshotContents with deletionPolicy Retain of its snapshots
 */
record NamespaceData(List<HasMetadata> data, List<HasMetadata> retained) {
  /**
   * Published by the API server into every namespace (the cluster's CA certificate): no customer
   * data, and recreated at once if deleted.
   */
  static final String ROOT_CA_CONFIG_MAP = "kube-root-ca.crt";

  static final String RETAIN = "Retain";

  private static final List<String> KIND_ORDER =
      List.of("PersistentVolumeClaim", "Secret", "ConfigMap", "VolumeSnapshot");

  static final Comparator<HasMetadata> ORDER =
      Comparator.comparing((HasMetadata o) -> o.getKind())
          .thenComparing(o -> Objects.toString(o.getMetadata().getNamespace(), ""))
          .thenComparing(o -> o.getMetadata().getName());

  static NamespaceData of(Snapshot snapshot, String namespace) {
    List<HasMetadata> data = new ArrayList<>();
    data.addAll(snapshot.inNamespace(PersistentVolumeClaim.class, namespace));
    data.addAll(snapshot.inNamespace(Secret.class, namespace));
    data.addAll(
        snapshot.inNamespace(ConfigMap.class, namespace).stream()
            .filter(c -> !ROOT_CA_CONFIG_MAP.equals(c.getMetadata().getName()))
            .toList());
    data.addAll(snapshot.inNamespace(VolumeSnapshot.class, namespace));
    List<HasMetadata> kept =
        data.stream()
            .filter(o -> namespace.equals(o.getMetadata().getNamespace()))
            // Claims first, then Secrets, ConfigMaps, snapshots: the order they were read in.
            .sorted(
                Comparator.comparing((HasMetadata o) -> KIND_ORDER.indexOf(o.getKind()))
                    .thenComparing(o -> o.getMetadata().getName()))
            .toList();
    List<HasMetadata> retained = new ArrayList<>();
    // Read whole, not through the claims: a Retain volume stays (Released) once its claim is gone,
    // still naming the claim, and must still be reported then.
    for (PersistentVolume pv : snapshot.all(PersistentVolume.class)) {
      ObjectReference claim = pv.getSpec() == null ? null : pv.getSpec().getClaimRef();
      if (claim != null
          && namespace.equals(claim.getNamespace())
          && RETAIN.equals(pv.getSpec().getPersistentVolumeReclaimPolicy())) {
        retained.add(pv);
      }
    }
    for (VolumeSnapshotContent content : snapshot.all(VolumeSnapshotContent.class)) {
      if (namespace.equals(content.snapshotNamespace())
          && VolumeSnapshotContent.RETAIN.equals(content.deletionPolicy())) {
        retained.add(content);
      }
    }
    retained.sort(ORDER);
    return new NamespaceData(kept, List.copyOf(retained));
  }

  boolean isEmpty() {
    return data.isEmpty() && retained.isEmpty();
  }
}
