package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

class KeysByNamespaceTest {
  private final KeysByNamespace keys = new KeysByNamespace();
  private final LedgerKey shopPolicy = new LedgerKey(NetworkPolicy.class, "shop", "deny");
  private final LedgerKey payPolicy = new LedgerKey(NetworkPolicy.class, "pay", "deny");
  private final LedgerKey namespace = new LedgerKey(Namespace.class, null, "shop");

  @Test
  void addedKeysAreFoundAndRemovedOnce() {
    keys.add(shopPolicy);
    keys.add(namespace);

    assertThat(keys.contains(shopPolicy)).isTrue();
    assertThat(keys.contains(namespace)).as("cluster-scoped").isTrue();
    assertThat(keys.contains(payPolicy)).isFalse();
    assertThat(keys.remove(shopPolicy)).isTrue();
    assertThat(keys.remove(shopPolicy)).as("already gone").isFalse();
    assertThat(keys.size()).isEqualTo(1);
  }

  @Test
  void forgettingANamespaceKeepsOtherNamespacesAndClusterScopedKeys() {
    keys.add(shopPolicy);
    keys.add(new LedgerKey(NetworkPolicy.class, "shop", "allow-dns"));
    keys.add(payPolicy);
    keys.add(namespace);

    keys.forgetNamespace("shop");

    assertThat(keys.contains(shopPolicy)).isFalse();
    assertThat(keys.contains(payPolicy)).isTrue();
    assertThat(keys.contains(namespace)).as("the Namespace object named shop").isTrue();
    assertThat(keys.size()).isEqualTo(2);
  }
}
