package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rempart.core.ResourceRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The back-off from another writer that keeps undoing an object: immediate first repairs, a wait
 * that doubles up to a cap, and a fresh start once Rempart's version stood for the quiet window.
 */
class RepairBackoffTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String BASELINE = "prod";
  private static final ResourceRef DENY =
      new ResourceRef("networking.k8s.io/v1", "NetworkPolicy", "team-a", "rempart-default-deny");
  private static final ResourceRef DNS =
      new ResourceRef("networking.k8s.io/v1", "NetworkPolicy", "team-a", "rempart-allow-dns");
  private static final String BY_ARGO = "changed by field manager 'argocd-controller'";

  private final MutableClock clock = new MutableClock(T0);
  private final RevertTracker tracker = new RevertTracker(RepairBackoff.defaults(), clock);

  @Test
  void theScheduleIsThreeImmediateRepairsThenADoublingWaitCappedAtFiveMinutes() {
    RepairBackoff schedule = RepairBackoff.defaults();
    assertThat(schedule.delayBefore(1)).isZero();
    assertThat(schedule.delayBefore(2)).isZero();
    assertThat(schedule.delayBefore(3)).isZero();
    assertThat(schedule.delayBefore(4)).isEqualTo(Duration.ofSeconds(10));
    assertThat(schedule.delayBefore(5)).isEqualTo(Duration.ofSeconds(20));
    assertThat(schedule.delayBefore(6)).isEqualTo(Duration.ofSeconds(40));
    assertThat(schedule.delayBefore(7)).isEqualTo(Duration.ofSeconds(80));
    assertThat(schedule.delayBefore(8)).isEqualTo(Duration.ofSeconds(160));
    assertThat(schedule.delayBefore(9)).isEqualTo(Duration.ofMinutes(5));
    assertThat(schedule.delayBefore(10_000)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aScheduleThatNeverRepairsAtOnceOrHasNoQuietWindowIsRefused() {
    assertThatThrownBy(
            () -> new RepairBackoff(0, Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new RepairBackoff(
                    3, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSingleDriftAndTheNextTwoAreRepairedAtOnce() {
    for (int i = 1; i <= 3; i++) {
      RevertTracker.Decision d = tracker.reverted(BASELINE, DENY, BY_ARGO);
      assertThat(d.newRevert()).isTrue();
      assertThat(d.repairNow()).as("revert %d is repaired at once", i).isTrue();
      assertThat(d.deferred()).isFalse();
      tracker.repaired(BASELINE, DENY);
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(tracker.contested(BASELINE)).isEmpty();
  }

  @Test
  void theFourthRevertWaitsAndTheWaitDoublesUpToTheCap() {
    revertAndRepairAtOnce(3);
    Duration expected = Duration.ofSeconds(10);
    for (int revert = 4; revert <= 12; revert++) {
      RevertTracker.Decision d = tracker.reverted(BASELINE, DENY, BY_ARGO);
      assertThat(d.deferred()).as("revert %d waits", revert).isTrue();
      assertThat(d.repairAt()).isEqualTo(clock.instant().plus(expected));
      assertThat(tracker.nextWakeUp(BASELINE)).contains(d.repairAt());

      // The other writer keeps writing: the same revert, seen again, is not counted again.
      clock.advance(expected.minusMillis(1));
      RevertTracker.Decision again = tracker.reverted(BASELINE, DENY, BY_ARGO);
      assertThat(again.newRevert()).isFalse();
      assertThat(again.repairNow()).isFalse();

      clock.advance(Duration.ofMillis(1));
      RevertTracker.Decision due = tracker.reverted(BASELINE, DENY, BY_ARGO);
      assertThat(due.newRevert()).isFalse();
      assertThat(due.repairNow())
          .as("Rempart never gives up: repaired when the wait ends")
          .isTrue();
      tracker.repaired(BASELINE, DENY);
      clock.advance(Duration.ofMillis(200)); // the other writer undoes it again at once
      expected = expected.multipliedBy(2);
      if (expected.compareTo(Duration.ofMinutes(5)) > 0) {
        expected = Duration.ofMinutes(5);
      }
    }
    assertThat(tracker.contested(BASELINE))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.object()).isEqualTo(DENY);
              assertThat(c.reverts()).isEqualTo(12);
              assertThat(c.undoneBy()).isEqualTo(BY_ARGO);
            });
  }

  @Test
  void howTheBackOffStartedStaysTheSameWhileTheFightLastsSoItsEventIsOneSeries() {
    revertAndRepairAtOnce(3);
    RevertTracker.Backoff first = tracker.reverted(BASELINE, DENY, BY_ARGO).backoff();
    assertThat(first.reverts()).isEqualTo(4);
    assertThat(first.over()).isEqualTo(Duration.ofMillis(600));
    assertThat(first.delay()).isEqualTo(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    tracker.repaired(BASELINE, DENY);
    clock.advance(Duration.ofMillis(200));
    RevertTracker.Decision fifth = tracker.reverted(BASELINE, DENY, BY_ARGO);
    assertThat(fifth.deferred()).isTrue();
    assertThat(fifth.backoff()).isEqualTo(first);
    assertThat(RevertMessages.backoffStarted(fifth.backoff(), RepairBackoff.defaults()))
        .isEqualTo(RevertMessages.backoffStarted(first, RepairBackoff.defaults()));
  }

  @Test
  void theCountStartsAgainOnceRempartsVersionStoodForTheQuietWindow() {
    revertAndRepairAtOnce(3);
    assertThat(tracker.reverted(BASELINE, DENY, BY_ARGO).deferred()).isTrue();
    clock.advance(Duration.ofSeconds(10));
    tracker.repaired(BASELINE, DENY);
    assertThat(tracker.contested(BASELINE)).hasSize(1);
    assertThat(tracker.nextWakeUp(BASELINE))
        .as("woken when the quiet window ends, to clear the Contested condition")
        .contains(clock.instant().plus(Duration.ofMinutes(5)));

    clock.advance(Duration.ofMinutes(5).minusMillis(1));
    assertThat(tracker.contested(BASELINE)).hasSize(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(tracker.contested(BASELINE)).isEmpty();
    tracker.settle(BASELINE, Set.of());
    assertThat(tracker.nextWakeUp(BASELINE)).isEmpty();

    RevertTracker.Decision fresh = tracker.reverted(BASELINE, DENY, BY_ARGO);
    assertThat(fresh.repairNow()).as("a drift after a quiet spell is repaired at once").isTrue();
    assertThat(fresh.backoff()).isNull();
  }

  @Test
  void aFightThatKeepsGoingAtTheCapIsNeverMistakenForQuiet() {
    revertAndRepairAtOnce(3);
    for (int i = 0; i < 10; i++) {
      RevertTracker.Decision d = tracker.reverted(BASELINE, DENY, BY_ARGO);
      assertThat(d.deferred()).isTrue();
      clock.advance(Duration.between(clock.instant(), d.repairAt()));
      tracker.repaired(BASELINE, DENY);
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(tracker.reverted(BASELINE, DENY, BY_ARGO).repairAt())
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
  }

  @Test
  void anotherObjectIsRepairedAtOnceWhileOneIsInBackOff() {
    revertAndRepairAtOnce(3);
    RevertTracker.Decision deny = tracker.reverted(BASELINE, DENY, BY_ARGO);
    assertThat(deny.deferred()).isTrue();
    assertThat(tracker.reverted(BASELINE, DNS, "deleted by another writer").repairNow()).isTrue();
    assertThat(tracker.reverted("other-baseline", DENY, BY_ARGO).repairNow()).isTrue();
    assertThat(tracker.nextWakeUp(BASELINE)).contains(deny.repairAt());
  }

  @Test
  void aWaitingRevertThatGoesAwayIsSettledWithoutARepair() {
    revertAndRepairAtOnce(3);
    assertThat(tracker.reverted(BASELINE, DENY, BY_ARGO).deferred()).isTrue();
    clock.advance(Duration.ofSeconds(2));
    // The other writer put Rempart's version back, or the object is no longer wanted.
    tracker.settle(BASELINE, Set.of(DNS));
    assertThat(tracker.nextWakeUp(BASELINE)).contains(clock.instant().plus(Duration.ofMinutes(5)));
    clock.advance(Duration.ofMinutes(5));
    tracker.settle(BASELINE, Set.of());
    assertThat(tracker.contested(BASELINE)).isEmpty();
    assertThat(tracker.nextWakeUp(BASELINE)).isEmpty();
  }

  @Test
  void aDeletedBaselineLeavesNoFight() {
    revertAndRepairAtOnce(3);
    tracker.reverted(BASELINE, DENY, BY_ARGO);
    tracker.forget(BASELINE);
    assertThat(tracker.contested(BASELINE)).isEmpty();
    assertThat(tracker.nextWakeUp(BASELINE)).isEmpty();
    assertThat(tracker.reverted(BASELINE, DENY, BY_ARGO).repairNow()).isTrue();
  }

  @Test
  void theMessagesNameTheObjectTheOtherWriterTheWaitAndWhatToDo() {
    revertAndRepairAtOnce(3);
    RevertTracker.Backoff backoff = tracker.reverted(BASELINE, DENY, BY_ARGO).backoff();
    assertThat(RevertMessages.backoffStarted(backoff, RepairBackoff.defaults()))
        .contains("NetworkPolicy team-a/rempart-default-deny")
        .contains("undone 4 times in 600ms")
        .contains("field manager 'argocd-controller'")
        .contains("waits 10s")
        .contains("up to 5m")
        .contains("stop the other writer")
        .contains("BaselineException")
        .contains("out of the other tool's scope");
    assertThat(RevertMessages.undoneBy(true, "argocd-controller"))
        .isEqualTo("deleted by another writer");
    assertThat(RevertMessages.undoneBy(false, null)).isEqualTo("changed by another writer");
    assertThat(RevertMessages.contested(tracker.contested(BASELINE)))
        .contains("NetworkPolicy team-a/rempart-default-deny was undone 4 times")
        .contains("'argocd-controller'");
    assertThat(RevertMessages.contested(java.util.List.of())).isNull();
    assertThat(RevertMessages.duration(Duration.ofMillis(4200))).isEqualTo("4.2s");
    assertThat(RevertMessages.duration(Duration.ofSeconds(150))).isEqualTo("2m30s");
  }

  /** {@code n} reverts 200 ms apart, each repaired at once. */
  private void revertAndRepairAtOnce(int n) {
    for (int i = 0; i < n; i++) {
      assertThat(tracker.reverted(BASELINE, DENY, BY_ARGO).repairNow()).isTrue();
      tracker.repaired(BASELINE, DENY);
      clock.advance(Duration.ofMillis(200));
    }
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
