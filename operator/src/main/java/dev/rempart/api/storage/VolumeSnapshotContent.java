package dev.rempart.api.storage;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A CSI VolumeSnapshotContent ({@code snapshot.storage.k8s.io/v1}, cluster-scoped): the snapshot's
 * data. With {@code deletionPolicy: Retain} it outlives the deletion of its VolumeSnapshot.
 */
@Group(VolumeSnapshot.GROUP)
@Version(VolumeSnapshot.VERSION)
@Kind("VolumeSnapshotContent")
@Plural("volumesnapshotcontents")
public class VolumeSnapshotContent extends GenericKubernetesResource {
  public static final String RETAIN = "Retain";

  public VolumeSnapshotContent() {
    setApiVersion(VolumeSnapshot.API_VERSION);
    setKind("VolumeSnapshotContent");
  }

  /** {@code Delete} or {@code Retain}; null when unset. */
  public String deletionPolicy() {
    Object policy = get("spec", "deletionPolicy");
    return policy instanceof String s ? s : null;
  }

  /** The namespace and name of the VolumeSnapshot it is bound to, as its spec says. */
  public String snapshotNamespace() {
    Object ns = get("spec", "volumeSnapshotRef", "namespace");
    return ns instanceof String s ? s : null;
  }

  public String snapshotName() {
    Object name = get("spec", "volumeSnapshotRef", "name");
    return name instanceof String s ? s : null;
  }
}
