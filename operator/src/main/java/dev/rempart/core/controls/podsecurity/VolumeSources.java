package dev.rempart.core.controls.podsecurity;

import io.fabric8.kubernetes.api.model.Volume;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Every kind of inline volume source, by its field name, and which of them restricted allows. */
final class VolumeSources {
  /** The kinds of source the restricted level allows. */
  static final Set<String> RESTRICTED_ALLOWED =
      Set.of(
          "configMap",
          "csi",
          "downwardAPI",
          "emptyDir",
          "ephemeral",
          "image",
          "persistentVolumeClaim",
          "projected",
          "secret");

  /**
   * Every source, forbidden kinds first in the order upstream names them (so that a volume naming
   * several sources is reported the same way), then the allowed ones.
   */
  private static final Map<String, Function<Volume, Object>> ALL = new LinkedHashMap<>();

  static {
    ALL.put("hostPath", Volume::getHostPath);
    ALL.put("gcePersistentDisk", Volume::getGcePersistentDisk);
    ALL.put("awsElasticBlockStore", Volume::getAwsElasticBlockStore);
    ALL.put("gitRepo", Volume::getGitRepo);
    ALL.put("nfs", Volume::getNfs);
    ALL.put("iscsi", Volume::getIscsi);
    ALL.put("glusterfs", Volume::getGlusterfs);
    ALL.put("rbd", Volume::getRbd);
    ALL.put("flexVolume", Volume::getFlexVolume);
    ALL.put("cinder", Volume::getCinder);
    ALL.put("cephfs", Volume::getCephfs);
    ALL.put("flocker", Volume::getFlocker);
    ALL.put("fc", Volume::getFc);
    ALL.put("azureFile", Volume::getAzureFile);
    ALL.put("vsphereVolume", Volume::getVsphereVolume);
    ALL.put("quobyte", Volume::getQuobyte);
    ALL.put("azureDisk", Volume::getAzureDisk);
    ALL.put("photonPersistentDisk", Volume::getPhotonPersistentDisk);
    ALL.put("portworxVolume", Volume::getPortworxVolume);
    ALL.put("scaleIO", Volume::getScaleIO);
    ALL.put("storageos", Volume::getStorageos);
    ALL.put("configMap", Volume::getConfigMap);
    ALL.put("csi", Volume::getCsi);
    ALL.put("downwardAPI", Volume::getDownwardAPI);
    ALL.put("emptyDir", Volume::getEmptyDir);
    ALL.put("ephemeral", Volume::getEphemeral);
    ALL.put("image", Volume::getImage);
    ALL.put("persistentVolumeClaim", Volume::getPersistentVolumeClaim);
    ALL.put("projected", Volume::getProjected);
    ALL.put("secret", Volume::getSecret);
  }

  private VolumeSources() {}

  /** True when the volume sets no source at all (the API server then makes it an emptyDir). */
  static boolean isEmpty(Volume volume) {
    return ALL.values().stream().allMatch(source -> source.apply(volume) == null);
  }

  /** True when the volume sets a source that restricted allows. */
  static boolean restrictedAllows(Volume volume) {
    return RESTRICTED_ALLOWED.stream().anyMatch(kind -> ALL.get(kind).apply(volume) != null);
  }

  /** The first forbidden source the volume sets, in upstream's order. */
  static Optional<String> forbiddenKind(Volume volume) {
    return ALL.entrySet().stream()
        .filter(e -> !RESTRICTED_ALLOWED.contains(e.getKey()))
        .filter(e -> e.getValue().apply(volume) != null)
        .map(Map.Entry::getKey)
        .findFirst();
  }
}
