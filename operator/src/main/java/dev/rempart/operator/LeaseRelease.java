package dev.rempart.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the leader-election Lease up on a graceful shutdown, so that a follower takes over within
 * its retry period instead of waiting for the lease to expire. JOSDK 5.2.3 builds its leader
 * elector without release-on-cancel, hence this: the same as client-go's release (no holder, a
 * one-second duration), done only if this instance still holds the lease, and with the lease's
 * resourceVersion, so that a lease someone else took meanwhile is never overwritten.
 */
final class LeaseRelease {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseRelease.class);

  private LeaseRelease() {}

  /** Releases the lease if {@code identity} holds it; returns true when it did. */
  static boolean release(KubernetesClient client, String namespace, String name, String identity) {
    try {
      Lease lease = client.leases().inNamespace(namespace).withName(name).get();
      if (lease == null
          || lease.getSpec() == null
          || !identity.equals(lease.getSpec().getHolderIdentity())) {
        return false;
      }
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      // Read without its field sets (LeanSerialization). The API server keeps its own managed
      // fields when an update's entries cannot be decoded (LeaseReleaseIT shows it either way);
      // sending none says so instead of relying on that.
      lease.getMetadata().setManagedFields(null);
      client.resource(lease).update();
      LOG.info("released the leader-election lease {}/{}", namespace, name);
      return true;
    } catch (KubernetesClientException e) {
      // The lease then expires on its own: the follower waits out its duration.
      LOG.warn("could not release the lease {}/{}: {}", namespace, name, e.getMessage());
      return false;
    }
  }
}
