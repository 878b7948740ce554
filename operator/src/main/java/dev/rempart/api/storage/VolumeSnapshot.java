package dev.rempart.api.storage;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A CSI VolumeSnapshot ({@code snapshot.storage.k8s.io/v1}), read only for the fields the data
 * deletion needs. Its CRD belongs to the external-snapshotter and is absent from many clusters, so
 * it is a generic resource rather than a model Rempart would generate a CRD for.
 */
@Group(VolumeSnapshot.GROUP)
@Version(VolumeSnapshot.VERSION)
@Kind("VolumeSnapshot")
@Plural("volumesnapshots")
public class VolumeSnapshot extends GenericKubernetesResource implements Namespaced {
  public static final String GROUP = "snapshot.storage.k8s.io";
  public static final String VERSION = "v1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  public VolumeSnapshot() {
    setApiVersion(API_VERSION);
    setKind("VolumeSnapshot");
  }

  /** The VolumeSnapshotContent that holds the snapshot's data, once bound; else null. */
  public String boundContentName() {
    Object name = get("status", "boundVolumeSnapshotContentName");
    return name instanceof String s ? s : null;
  }
}
