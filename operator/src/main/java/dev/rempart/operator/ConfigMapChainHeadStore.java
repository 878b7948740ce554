package dev.rempart.operator;

import dev.rempart.core.ManagedObjects;
import dev.rempart.record.ChainHead;
import dev.rempart.recorder.ChainHeadStore;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.Optional;

/**
 * The chain's head in a ConfigMap of the operator's namespace ({@code data.head: SEQ:HASH}),
 * written with server-side apply: it survives restarts and follows the lease to the next leader.
 * The chart grants get, create and patch on this one ConfigMap name only.
 */
final class ConfigMapChainHeadStore implements ChainHeadStore {
  static final String KEY = "head";

  private final KubernetesClient client;
  private final String namespace;
  private final String name;

  ConfigMapChainHeadStore(KubernetesClient client, String namespace, String name) {
    this.client = client;
    this.namespace = namespace;
    this.name = name;
  }

  @Override
  public Optional<ChainHead> load() throws IOException {
    ConfigMap map;
    try {
      map = client.configMaps().inNamespace(namespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new IOException(describe() + " cannot be read: " + e.getMessage(), e);
    }
    if (map == null) {
      return Optional.empty();
    }
    String head = map.getData() == null ? null : map.getData().get(KEY);
    if (head == null) {
      throw new IOException(describe() + " has no data." + KEY);
    }
    try {
      return Optional.of(ChainHead.parse(head.strip()));
    } catch (IllegalArgumentException e) {
      throw new IOException(describe() + ": data." + KEY + " " + e.getMessage(), e);
    }
  }

  @Override
  public void save(ChainHead head) throws IOException {
    ConfigMap map =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels("app.kubernetes.io/part-of", "rempart")
            .endMetadata()
            .addToData(KEY, head.toString())
            .build();
    try {
      client
          .configMaps()
          .inNamespace(namespace)
          .resource(map)
          .fieldManager(ManagedObjects.FIELD_MANAGER)
          .forceConflicts()
          .serverSideApply();
    } catch (KubernetesClientException e) {
      throw new IOException(describe() + " cannot be written: " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "ConfigMap " + namespace + "/" + name;
  }
}
