package dev.rempart.record;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Chains of known content for the record's tests. */
final class RecordFixtures {
  static final Instant T0 = Instant.parse("2026-11-30T17:00:00Z");

  private RecordFixtures() {}

  /** A clock that moves one second at each reading. */
  static Clock ticking() {
    return new Clock() {
      private Instant now = T0;

      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        Instant current = now;
        now = now.plus(Duration.ofSeconds(1));
        return current;
      }
    };
  }

  static RecordEvent opened(int i) {
    return RecordEvent.of(
        EventType.FINDING_OPENED,
        "saas-addendum",
        "4.4",
        new ObjectRef("v1", "Namespace", null, "shop-" + i),
        Map.of("control", "network", "message", "no default-deny NetworkPolicy"));
  }

  /** {@code n} entries from genesis, as lines. */
  static List<String> lines(int n) {
    RecordChain chain = new RecordChain(ChainHead.GENESIS, ticking());
    List<String> lines = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      lines.add(chain.append(opened(i)).toLine());
    }
    return lines;
  }

  static Verification verify(List<String> lines, ChainHead... anchors) {
    RecordVerifier verifier = new RecordVerifier(List.of(anchors), false);
    for (int i = 0; i < lines.size(); i++) {
      verifier.line("record.jsonl:" + (i + 1), lines.get(i));
    }
    return verifier.finish();
  }
}
