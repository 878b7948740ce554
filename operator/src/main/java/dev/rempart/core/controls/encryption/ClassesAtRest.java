package dev.rempart.core.controls.encryption;

import dev.rempart.api.v1alpha1.EncryptionAtRest;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which visible StorageClasses are known not to encrypt, as {@link VolumeEncryption} decides it:
 * admission sees only a PVC's class name, so the classes are judged here, from the snapshot, and
 * compiled into the policy by name.
 *
 * @param nonEncrypting the names of the visible classes that neither the baseline lists nor whose
 *     provisioner parameters ask for encryption
 * @param defaultClass the class a PVC without a class gets, when one is visible
 */
public record ClassesAtRest(Set<String> nonEncrypting, Optional<String> defaultClass) {
  public static ClassesAtRest of(List<StorageClass> visible, EncryptionAtRest spec) {
    StorageClasses classes = new StorageClasses(visible);
    Set<String> bad = new TreeSet<>();
    for (StorageClass c : visible) {
      if (!encrypts(c, spec)) {
        bad.add(c.getMetadata().getName());
      }
    }
    return new ClassesAtRest(bad, classes.defaultClass().map(c -> c.getMetadata().getName()));
  }

  /** True when the baseline lists the class or its provisioner's parameters ask for encryption. */
  static boolean encrypts(StorageClass storageClass, EncryptionAtRest spec) {
    return spec.effectiveEncryptedStorageClasses().contains(storageClass.getMetadata().getName())
        || EncryptingProvisioners.recognise(storageClass).isPresent();
  }

  /** True when the default class is visible and known not to encrypt. */
  public boolean defaultDoesNotEncrypt() {
    return defaultClass.map(nonEncrypting::contains).orElse(false);
  }
}
