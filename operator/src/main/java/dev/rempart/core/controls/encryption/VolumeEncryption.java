package dev.rempart.core.controls.encryption;

import dev.rempart.api.v1alpha1.EncryptionAtRest;
import dev.rempart.core.ControlResult;
import dev.rempart.core.Evidence;
import dev.rempart.core.Finding;
import dev.rempart.core.ResourceRef;
import dev.rempart.core.Severity;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Clause 3.1, at rest: every PVC of a governed namespace is on a StorageClass that encrypts.
 *
 * <p>A class encrypts when the baseline lists it or its provisioner's parameters ask for encryption
 * ({@link EncryptingProvisioners}). A PVC on any other class is a high finding. When the class
 * cannot be seen — the PVC names a class that is not in the snapshot, relies on a default class
 * that no visible class provides, or binds a pre-provisioned volume with {@code storageClassName:
 * ""} — Rempart cannot tell, and records {@link Evidence.Status#NOT_VERIFIABLE} evidence on the PVC
 * rather than a finding: from files a snapshot often lacks the classes, and an operator that
 * watches every class sees one only if it exists, so guessing either way would be wrong.
 */
final class VolumeEncryption {
  static final String CHECK = "volumeAtRest";

  private VolumeEncryption() {}

  static void check(
      List<PersistentVolumeClaim> claims,
      StorageClasses classes,
      EncryptionAtRest spec,
      ControlResult.Builder out) {
    for (PersistentVolumeClaim claim : claims) {
      String requested = claim.getSpec() == null ? null : claim.getSpec().getStorageClassName();
      ResourceRef ref = ResourceRef.of(claim);
      String display = claim.getMetadata().getNamespace() + "/" + claim.getMetadata().getName();
      if ("".equals(requested)) {
        notVerifiable(
            out,
            ref,
            "PersistentVolumeClaim "
                + display
                + " has storageClassName \"\" and binds a pre-provisioned PersistentVolume; whether"
                + " that volume is encrypted is not visible from its class.");
        continue;
      }
      Optional<StorageClass> found =
          requested == null ? classes.defaultClass() : classes.named(requested);
      if (found.isEmpty()) {
        notVerifiable(
            out,
            ref,
            requested == null
                ? "PersistentVolumeClaim "
                    + display
                    + " uses the default StorageClass, and no visible StorageClass is marked"
                    + " default (storageclass.kubernetes.io/is-default-class: \"true\")."
                : "PersistentVolumeClaim "
                    + display
                    + " uses StorageClass "
                    + requested
                    + ", which is not visible (it does not exist, or was not part of the"
                    + " input).");
        continue;
      }
      StorageClass storageClass = found.get();
      String name = storageClass.getMetadata().getName();
      if (ClassesAtRest.encrypts(storageClass, spec)) {
        continue;
      }
      out.finding(
          Finding.of(
              EncryptionControl.NAME,
              CHECK,
              EncryptionControl.CLAUSE,
              Severity.HIGH,
              ref,
              "PersistentVolumeClaim "
                  + display
                  + " uses StorageClass "
                  + name
                  + (requested == null ? " (the default class, provisioner " : " (provisioner ")
                  + storageClass.getProvisioner()
                  + "), which is not known to encrypt its volumes. "
                  + howToFix(storageClass)));
    }
  }

  private static String howToFix(StorageClass storageClass) {
    List<EncryptingProvisioners.Rule> rules =
        EncryptingProvisioners.rulesFor(storageClass.getProvisioner());
    String create =
        rules.isEmpty()
            ? "Move the data to a StorageClass that encrypts"
            : "Move the data to a StorageClass of "
                + rules.stream()
                    .map(EncryptingProvisioners.Rule::describe)
                    .collect(Collectors.joining(" or "));
    return create
        + " (a PVC cannot change class: copy the data to a new claim), or, if this class encrypts"
        + " by means Rempart cannot see (the cloud account's default encryption), list it in"
        + " spec.encryption.atRest.encryptedStorageClasses.";
  }

  private static void notVerifiable(ControlResult.Builder out, ResourceRef ref, String reason) {
    out.evidence(
        new Evidence(
            EncryptionControl.NAME,
            CHECK,
            EncryptionControl.CLAUSE,
            Evidence.Status.NOT_VERIFIABLE,
            ref,
            reason));
  }
}
