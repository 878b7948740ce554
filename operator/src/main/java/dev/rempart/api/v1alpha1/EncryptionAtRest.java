package dev.rempart.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Which StorageClasses count as encrypting. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class EncryptionAtRest {
  @JsonPropertyDescription(
      "StorageClasses known to encrypt their volumes by means Rempart cannot see (a cloud"
          + " account's default encryption, an encrypted storage array). Classes whose provisioner"
          + " parameters ask for encryption (AWS EBS encrypted, GCE PD disk-encryption-kms-key,"
          + " Azure Disk diskEncryptionSetID, Ceph RBD encrypted) are recognised without being"
          + " listed.")
  @Size(max = 64)
  private List<@Size(max = 253) String> encryptedStorageClasses;

  public List<String> getEncryptedStorageClasses() {
    return encryptedStorageClasses;
  }

  public void setEncryptedStorageClasses(List<String> encryptedStorageClasses) {
    this.encryptedStorageClasses = encryptedStorageClasses;
  }

  public List<String> effectiveEncryptedStorageClasses() {
    return encryptedStorageClasses == null ? List.of() : encryptedStorageClasses;
  }
}
