package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
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
