package dev.rempart.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordEventTest {

  /** An odd string from the cluster must never make a batch impossible to write. */
  @Test
  void valuesWithoutACanonicalFormAreMadeCanonical() throws Exception {
    Map<String, String> detail = new HashMap<>();
    detail.put("message", "bad \ud800 surrogate, good \ud83d\ude00");
    detail.put("absent", null);

    RecordEvent event =
        RecordEvent.of(
            EventType.FINDING_OPENED,
            "b\udc00",
            "4.4",
            new ObjectRef("v1", "Pod", "ns", "p\ud800"),
            detail);
    RecordEntry entry = new RecordChain(ChainHead.GENESIS, RecordFixtures.ticking()).append(event);

    assertThat(event.detail()).containsOnlyKeys("message");
    assertThat(event.detail().get("message")).isEqualTo("bad \ufffd surrogate, good \ud83d\ude00");
    assertThat(event.baseline()).isEqualTo("b\ufffd");
    assertThat(event.object().name()).isEqualTo("p\ufffd");
    assertThat(RecordLines.parseEntry(entry.toLine())).isEqualTo(entry);
  }

  @Test
  void gapsAndAnchorsAreTheChainsOwn() {
    assertThatThrownBy(() -> RecordEvent.of(EventType.GAP, null, null, null, Map.of()))
        .hasMessageContaining("written by the chain itself");
  }
}
