package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WriteLedgerTest {
  private final WriteLedger ledger = new WriteLedger();

  @Test
  void theEchoOfOurOwnWriteIsRecognisedOnceAndCounted() {
    ledger.recordApplied(policy("7"));

    assertThat(ledger.observed(policy("7"))).as("the version we wrote").isTrue();
    assertThat(ledger.observed(policy("7"))).as("seen again: the entry is gone").isFalse();
    assertThat(ledger.echoes()).isEqualTo(1);
  }

  @Test
  void someoneElsesNewerVersionIsNoEcho() {
    ledger.recordApplied(policy("7"));

    assertThat(ledger.observed(policy("9"))).isFalse();
    assertThat(ledger.echoes()).isZero();
  }

  @Test
  void theCacheBehindOurWriteIsOverlaidUntilItCatchesUp() {
    ledger.recordApplied(policy("7"));

    assertThat(ledger.freshest(policy("5")).getMetadata().getResourceVersion()).isEqualTo("7");
    ledger.observed(policy("7"));
    assertThat(ledger.freshest(policy("5")).getMetadata().getResourceVersion()).isEqualTo("5");
  }

  @Test
  void ourDeletionIsAnEchoAndSomeoneElsesIsNot() {
    ledger.recordDeleted(policy("7"));

    assertThat(ledger.observedDeletion(policy("7"))).isTrue();
    assertThat(ledger.observedDeletion(policy("7"))).isFalse();
  }

  @Test
  void anEchoThatComesBeforeTheWritesAnswerIsRecognisedWhenTheAnswerComes() {
    List<String> passedOn = new ArrayList<>();
    ledger.writing(policy(null));

    assertThat(ledger.observed(policy("7"), () -> passedOn.add("7")))
        .as("held while the write is in flight")
        .isTrue();
    ledger.recordApplied(policy("7"));

    assertThat(passedOn).isEmpty();
    assertThat(ledger.echoes()).isEqualTo(1);
    assertThat(ledger.hasPending()).as("the cache holds our version already").isFalse();
  }

  @Test
  void someoneElsesChangeSeenWhileOurWriteIsInFlightIsPassedOnOnceAnswered() {
    List<String> passedOn = new ArrayList<>();
    ledger.writing(policy(null));

    ledger.observed(policy("9"), () -> passedOn.add("9"));
    assertThat(passedOn).as("not before the answer").isEmpty();
    ledger.recordApplied(policy("7"));

    assertThat(passedOn).containsExactly("9");
    assertThat(ledger.echoes()).isZero();
  }

  @Test
  void aChangeHeldForAWriteThatFailedIsPassedOn() {
    List<String> passedOn = new ArrayList<>();
    ledger.writing(policy(null));
    ledger.observed(policy("9"), () -> passedOn.add("9"));

    ledger.writeFailed(policy(null));

    assertThat(passedOn).containsExactly("9");
  }

  @Test
  void withNoWriteInFlightAnEventIsJudgedAtOnce() {
    List<String> passedOn = new ArrayList<>();
    ledger.recordApplied(policy("7"));

    assertThat(ledger.observed(policy("7"), () -> passedOn.add("7"))).isTrue();
    assertThat(ledger.observed(policy("8"), () -> passedOn.add("8"))).isFalse();
    assertThat(passedOn).as("the caller passes on what is not held").isEmpty();
  }

  @Test
  void aDeletedNamespaceIsForgottenWithEverythingInIt() {
    ledger.recordApplied(policy("7"));
    NetworkPolicy elsewhere = policy("8");
    elsewhere.getMetadata().setNamespace("pay");
    ledger.recordApplied(elsewhere);
    NetworkPolicy gone = policy("9");
    gone.getMetadata().setName("rempart-allow-dns");
    ledger.recordDeleted(gone);
    int before = ledger.remembered();

    ledger.forgetNamespace("shop");

    assertThat(ledger.wasApplied(policy("7"))).as("shop's policy").isFalse();
    assertThat(ledger.observedDeletion(gone)).as("no echo left for shop").isFalse();
    assertThat(ledger.pending(NetworkPolicy.class, "shop")).isEmpty();
    assertThat(ledger.wasApplied(elsewhere)).as("pay is untouched").isTrue();
    assertThat(ledger.pending(NetworkPolicy.class, "pay")).hasSize(1);
    // pay: applied, written, one place; nothing of shop's
    assertThat(ledger.remembered()).isLessThan(before).isEqualTo(3);
  }

  @Test
  void forgettingANamespaceKeepsClusterScopedObjectsOfTheSameName() {
    Namespace shop =
        new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build();
    shop.getMetadata().setResourceVersion("4");
    ledger.recordApplied(shop);
    ledger.recordApplied(policy("7"));

    ledger.forgetNamespace("shop");

    assertThat(ledger.wasApplied(shop)).isTrue();
    assertThat(ledger.pendingVersion(Namespace.class, null, "shop")).isSameAs(shop);
    assertThat(ledger.pendingVersion(NetworkPolicy.class, "shop", "rempart-default-deny")).isNull();
  }

  private static NetworkPolicy policy(String resourceVersion) {
    return new NetworkPolicyBuilder()
        .withNewMetadata()
        .withName("rempart-default-deny")
        .withNamespace("shop")
        .withResourceVersion(resourceVersion)
        .endMetadata()
        .build();
  }
}
