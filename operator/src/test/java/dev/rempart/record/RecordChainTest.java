package dev.rempart.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordChainTest {

  @Test
  void anEntryIsOneCanonicalJsonLineWithEveryField() {
    RecordChain chain = new RecordChain(ChainHead.GENESIS, RecordFixtures.ticking());

    RecordEntry entry =
        chain.append(
            RecordEvent.of(
                EventType.OBJECT_WRITTEN,
                "saas-addendum",
                "4.4",
                new ObjectRef(
                    "networking.k8s.io/v1", "NetworkPolicy", "shop", "rempart-default-deny"),
                Map.of("action", "created")));

    assertThat(entry.toLine())
        .isEqualTo(
            "{\"baseline\":\"saas-addendum\",\"clause\":\"4.4\",\"detail\":{\"action\":\"created\"},"
                + "\"event\":\"object-written\",\"hash\":\""
                + entry.hash()
                + "\",\"object\":{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\","
                + "\"name\":\"rempart-default-deny\",\"namespace\":\"shop\"},\"prev\":\""
                + "0".repeat(64)
                + "\",\"record\":1,\"seq\":1,\"time\":\"2026-11-30T17:00:00.000Z\"}");
    assertThat(entry.toLine()).doesNotContain("\n");
  }

  /** The hash is SHA-256 over the canonical form without "hash": recomputed here by hand. */
  @Test
  void theHashIsSha256OfTheCanonicalFormWithoutTheHashField() throws Exception {
    RecordEntry entry =
        new RecordChain(ChainHead.GENESIS, RecordFixtures.ticking())
            .append(RecordFixtures.opened(1));

    Map<String, Object> json = new LinkedHashMap<>(RecordLines.parseObject(entry.toLine()));
    json.remove("hash");
    String expected =
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(CanonicalJson.toBytes(json)));

    assertThat(entry.hash()).isEqualTo(expected).hasSize(64);
  }

  @Test
  void eachEntryLinksToThePreviousOneAndTheHeadFollows() {
    RecordChain chain = new RecordChain(ChainHead.GENESIS, RecordFixtures.ticking());

    RecordEntry first = chain.append(RecordFixtures.opened(1));
    RecordEntry second = chain.append(RecordFixtures.opened(2));

    assertThat(first.seq()).isEqualTo(1);
    assertThat(second.seq()).isEqualTo(2);
    assertThat(second.prev()).isEqualTo(first.hash());
    assertThat(chain.head()).isEqualTo(new ChainHead(2, second.hash()));
  }

  @Test
  void aChainContinuesFromAPersistedHead() {
    RecordChain before = new RecordChain(ChainHead.GENESIS, RecordFixtures.ticking());
    before.append(RecordFixtures.opened(1));
    ChainHead persisted = before.head();

    RecordEntry next =
        new RecordChain(persisted, RecordFixtures.ticking()).append(RecordFixtures.opened(2));

    assertThat(next.seq()).isEqualTo(2);
    assertThat(next.prev()).isEqualTo(persisted.hash());
  }

  @Test
  void aHeadThatCouldNotBeReadIsRecordedAsAGap() {
    RecordChain chain =
        new RecordChain(new ChainHead(41, "a".repeat(64)), RecordFixtures.ticking());

    RecordEntry gap = chain.gap("head unreadable: timeout");
    RecordEntry next = chain.append(RecordFixtures.opened(1));

    assertThat(gap.type()).isEqualTo(EventType.GAP);
    assertThat(gap.seq()).isEqualTo(42);
    assertThat(gap.detail()).containsEntry("reason", "head unreadable: timeout");
    assertThat(next.prev()).isEqualTo(gap.hash());
  }

  @Test
  void parsingALineGivesBackTheSameEntry() throws Exception {
    RecordEntry entry =
        new RecordChain(ChainHead.GENESIS, RecordFixtures.ticking())
            .append(RecordFixtures.opened(7));

    RecordEntry parsed = RecordLines.parseEntry(entry.toLine());

    assertThat(parsed).isEqualTo(entry);
    assertThat(parsed.computeHash()).isEqualTo(entry.hash());
  }

  @Test
  void anchorsAreSeqColonHash() {
    ChainHead head = ChainHead.parse("12:" + "b".repeat(64));

    assertThat(head.seq()).isEqualTo(12);
    assertThat(head.toString()).isEqualTo("12:" + "b".repeat(64));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ChainHead.parse("12:XYZ"))
        .hasMessageContaining("SHA-256");
  }
}
