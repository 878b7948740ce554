package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rempart.api.v1alpha1.SecurityBaseline;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operator's read path: informer caches with Rempart's own writes overlaid. */
class InformerCachesTest {
  private final WriteLedger ledger = new WriteLedger();
  private final ListCache<NetworkPolicy> policies = new ListCache<>();
  private final ListCache<Namespace> namespaces = new ListCache<>();
  private final List<SecurityBaseline> baselines = new ArrayList<>();
  private final InformerCaches caches =
      new InformerCaches(
          Map.of(NetworkPolicy.class, policies, Namespace.class, namespaces),
          () -> baselines,
          ledger);

  @Test
  void withNothingWrittenTheCacheIsReadAsItIs() {
    policies.objects.add(policy("shop", "deny", "3"));

    assertThat(caches.all(NetworkPolicy.class)).isSameAs(policies.objects);
    assertThat(caches.inNamespace(NetworkPolicy.class, "shop")).hasSize(1);
    assertThat(caches.inNamespace(NetworkPolicy.class, "pay")).isEmpty();
  }

  @Test
  void ourNewerVersionIsReadInPlaceOfTheCachedOne() {
    policies.objects.add(policy("shop", "deny", "3"));
    NetworkPolicy ours = policy("shop", "deny", "5");
    ledger.recordApplied(ours);

    assertThat(caches.all(NetworkPolicy.class)).containsExactly(ours);
    assertThat(caches.inNamespace(NetworkPolicy.class, "shop")).containsExactly(ours);
    assertThat(caches.find(NetworkPolicy.class, "shop", "deny")).containsSame(ours);
  }

  @Test
  void aWriteTheCacheDoesNotHoldYetIsReadInItsNamespaceOnly() {
    NetworkPolicy ours = policy("shop", "deny", "5");
    ledger.recordApplied(ours);

    assertThat(caches.all(NetworkPolicy.class)).containsExactly(ours);
    assertThat(caches.inNamespace(NetworkPolicy.class, "shop")).containsExactly(ours);
    assertThat(caches.inNamespace(NetworkPolicy.class, "pay")).isEmpty();
    assertThat(caches.all(Namespace.class)).as("another type").isEmpty();
    assertThat(caches.find(NetworkPolicy.class, "shop", "deny")).containsSame(ours);
  }

  @Test
  void onceTheCacheHoldsOurVersionTheCacheIsReadAgain() {
    NetworkPolicy ours = policy("shop", "deny", "5");
    ledger.recordApplied(ours);
    NetworkPolicy echo = policy("shop", "deny", "5");
    policies.objects.add(echo);
    ledger.observed(echo);

    assertThat(caches.all(NetworkPolicy.class)).containsExactly(echo);
    assertThat(caches.find(NetworkPolicy.class, "shop", "deny")).containsSame(echo);
  }

  @Test
  void someoneElsesNewerVersionWinsOverOurs() {
    ledger.recordApplied(policy("shop", "deny", "5"));
    ledger.recordApplied(policy("pay", "deny", "6"));
    NetworkPolicy theirs = policy("shop", "deny", "9");
    policies.objects.add(theirs);

    assertThat(caches.find(NetworkPolicy.class, "shop", "deny")).containsSame(theirs);
    assertThat(caches.inNamespace(NetworkPolicy.class, "shop")).containsExactly(theirs);
  }

  @Test
  void namespacesHoldingCountsNamespacedObjectsOnly() {
    policies.objects.add(policy("shop", "deny", "3"));
    policies.objects.add(policy("pay", "deny", "4"));
    namespaces.objects.add(
        new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build());

    assertThat(caches.namespacesHolding(NetworkPolicy.class))
        .containsExactlyInAnyOrder("shop", "pay");
    assertThat(caches.namespacesHolding(Namespace.class)).isEmpty();
  }

  @Test
  void baselinesComeFromTheirOwnSourceAndUnwatchedTypesAreEmpty() {
    SecurityBaseline baseline = new SecurityBaseline();
    baseline.setMetadata(new ObjectMetaBuilder().withName("addendum").build());
    baselines.add(baseline);

    assertThat(caches.all(SecurityBaseline.class)).containsExactly(baseline);
    assertThat(caches.find(SecurityBaseline.class, null, "addendum")).containsSame(baseline);
    assertThat(caches.find(SecurityBaseline.class, null, "other")).isEmpty();
    assertThat(caches.all(Pod.class)).isEmpty();
    assertThat(caches.find(Pod.class, "shop", "web")).isEmpty();
    assertThat(caches.types())
        .containsExactlyInAnyOrder(NetworkPolicy.class, Namespace.class, SecurityBaseline.class);
  }

  private static NetworkPolicy policy(String namespace, String name, String resourceVersion) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withResourceVersion(resourceVersion)
        .endMetadata()
        .build();
  }

  /** A cache over a list, as an informer's would hold it. */
  private static final class ListCache<T extends HasMetadata> implements CachedType<T> {
    final List<T> objects = new ArrayList<>();

    @Override
    public List<T> all() {
      return objects;
    }

    @Override
    public List<T> inNamespace(String namespace) {
      return objects.stream()
          .filter(o -> namespace.equals(o.getMetadata().getNamespace()))
          .toList();
    }

    @Override
    public Optional<T> get(String namespace, String name) {
      return objects.stream()
          .filter(o -> Objects.equals(namespace, o.getMetadata().getNamespace()))
          .filter(o -> name.equals(o.getMetadata().getName()))
          .findFirst();
    }
  }
}
