package dev.rempart.cli.compliance;

import dev.rempart.api.storage.VolumeSnapshot;
import dev.rempart.api.storage.VolumeSnapshotContent;
import dev.rempart.api.v1alpha1.SecurityBaseline;
import dev.rempart.cli.UsageException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lists, once, the objects of the types the controls read, page by page. A type the credentials may
 * not list is recorded with the reason: the report then says the clauses that need it are not
 * verifiable instead of failing or guessing. Secrets are listed by metadata only.
 */
public final class ClusterReader {
  private static final long PAGE = 500;
  private final KubernetesClient client;

  public ClusterReader(KubernetesClient client) {
    this.client = client;
  }

  /**
   * What was read.
   *
   * @param objects every object listed, SecurityBaselines included
   * @param unreadable the types that could not be listed, with the reason
   * @param notes what a report must say about how they were read
   * @param unserved the types the API server does not serve (a CRD not installed): absent, not
   *     unread
   */
  public record ClusterObjects(
      List<HasMetadata> objects,
      Map<Class<? extends HasMetadata>, String> unreadable,
      List<String> notes,
      Set<Class<? extends HasMetadata>> unserved) {}

  public ClusterObjects read(Set<Class<? extends HasMetadata>> types) {
    Set<Class<? extends HasMetadata>> all = new LinkedHashSet<>(types);
    all.add(SecurityBaseline.class);
    List<HasMetadata> objects = new ArrayList<>();
    Map<Class<? extends HasMetadata>, String> unreadable = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    boolean secrets = false;
    boolean secretsRefused = false;
    boolean snapshotsAbsent = false;
    Set<Class<? extends HasMetadata>> unserved = new LinkedHashSet<>();
    for (Class<? extends HasMetadata> type : all) {
      try {
        if (type == Secret.class) {
          objects.addAll(SecretMetadata.list(client));
          secrets = true;
        } else {
          objects.addAll(list(type));
        }
      } catch (KubernetesClientException e) {
        if (e.getCode() <= 0) {
          // No HTTP status: the API server was not reached at all; a report would be empty.
          throw new UsageException(
              "cannot reach the API server at "
                  + client.getMasterUrl()
                  + ": "
                  + firstLine(rootMessage(e)),
              e);
        }
        if (type == SecurityBaseline.class && e.getCode() == 404) {
          notes.add("The SecurityBaseline CRD is not installed in this cluster.");
        } else if ((type == VolumeSnapshot.class || type == VolumeSnapshotContent.class)
            && e.getCode() == 404) {
          // Without the external-snapshotter's CRDs a cluster holds no snapshot: nothing unread.
          unserved.add(type);
          if (!snapshotsAbsent) {
            notes.add(
                "The API server does not serve "
                    + VolumeSnapshot.API_VERSION
                    + " (the CSI snapshot CRDs are not installed): the cluster has no"
                    + " VolumeSnapshots for the data deletion to list.");
            snapshotsAbsent = true;
          }
        } else if (type == Secret.class) {
          // The access control works without them, from ServiceAccounts' secret references.
          notes.add(
              "Secrets could not be listed ("
                  + reason(type, e)
                  + "): the legacy-token check worked from ServiceAccounts' secret references.");
          secretsRefused = true;
        } else {
          unreadable.put(type, reason(type, e));
        }
      }
    }
    if (secrets) {
      notes.add(
          "Secrets were listed by metadata only (names, labels,"
              + " annotations): the API server never sent their data.");
    } else if (!secretsRefused) {
      notes.add("No control of this build reads Secrets; none were read.");
    }
    return new ClusterObjects(objects, unreadable, notes, unserved);
  }

  private <T extends HasMetadata> List<T> list(Class<T> type) {
    List<T> items = new ArrayList<>();
    String next = null;
    do {
      var options = new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build();
      var resources = client.resources(type);
      KubernetesResourceList<T> page =
          Namespaced.class.isAssignableFrom(type)
              ? resources.inAnyNamespace().list(options)
              : resources.list(options);
      items.addAll(page.getItems());
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
      next = next == null || next.isEmpty() ? null : next;
    } while (next != null);
    return items;
  }

  private static String reason(Class<?> type, KubernetesClientException e) {
    return switch (e.getCode()) {
      case 401 -> "the credentials were refused";
      case 403 -> "the credentials may not list " + type.getSimpleName() + " objects";
      case 404 -> "the API server does not serve " + type.getSimpleName();
      default -> "listing failed: " + firstLine(e.getMessage());
    };
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
