package dev.rempart.core.controls.encryption;

import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * StorageClasses that encrypt by their provisioner's parameters. Each rule names a provisioner and
 * the parameter that makes it encrypt; parameter names are compared without regard to case, as the
 * Azure Disk driver does. A provisioner not listed here, or listed without the parameter, is not
 * recognised: the baseline may still list its class in {@code encryptedStorageClasses} when it
 * encrypts by other means (a cloud account's default encryption).
 */
final class EncryptingProvisioners {
  /** How one provisioner is asked to encrypt. */
  record Rule(String provisioner, String parameter, boolean valueMustBeTrue) {
    boolean matches(String provisioner, Map<String, String> parameters) {
      if (!this.provisioner.equals(provisioner)) {
        return false;
      }
      String value = valueOf(parameters, parameter);
      if (value == null || value.isBlank()) {
        return false;
      }
      return !valueMustBeTrue || value.trim().equalsIgnoreCase("true");
    }

    String describe() {
      return provisioner + " with " + parameter + (valueMustBeTrue ? ": \"true\"" : " set");
    }
  }

  static final List<Rule> RULES =
      List.of(
          new Rule("ebs.csi.aws.com", "encrypted", true),
          new Rule("kubernetes.io/aws-ebs", "encrypted", true),
          new Rule("pd.csi.storage.gke.io", "disk-encryption-kms-key", false),
          new Rule("disk.csi.azure.com", "diskEncryptionSetID", false),
          new Rule("rbd.csi.ceph.com", "encrypted", true));

  private EncryptingProvisioners() {}

  /** The rule the class satisfies, if any. */
  static Optional<Rule> recognise(StorageClass storageClass) {
    Map<String, String> parameters =
        storageClass.getParameters() == null ? Map.of() : storageClass.getParameters();
    return RULES.stream()
        .filter(r -> r.matches(storageClass.getProvisioner(), parameters))
        .findFirst();
  }

  /** The rules of the class's provisioner, to tell a person which parameter is missing. */
  static List<Rule> rulesFor(String provisioner) {
    return RULES.stream().filter(r -> r.provisioner().equals(provisioner)).toList();
  }

  private static String valueOf(Map<String, String> parameters, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return parameters.entrySet().stream()
        .filter(e -> e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(lower))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }
}
