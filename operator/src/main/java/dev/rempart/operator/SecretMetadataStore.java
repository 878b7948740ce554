package dev.rempart.operator;

import io.fabric8.kubernetes.api.model.Secret;

/**
 * The informer store for Secrets when the chart grants list/watch on them: it keeps a Secret's
 * metadata and type and drops its data before anything else can see it, so no Secret content is
 * ever held or read by Rempart. Every Secret is watched: the access control looks at token Secrets,
 * the data deletion at every Secret of an offboarded namespace (by name only).
 */
final class SecretMetadataStore extends IndexedItemStore<Secret> {
  @Override
  public Secret put(String key, Secret secret) {
    Secret metadataOnly = new Secret();
    metadataOnly.setApiVersion(secret.getApiVersion());
    metadataOnly.setKind(secret.getKind());
    metadataOnly.setMetadata(secret.getMetadata());
    metadataOnly.setType(secret.getType());
    return super.put(key, metadataOnly);
  }
}
