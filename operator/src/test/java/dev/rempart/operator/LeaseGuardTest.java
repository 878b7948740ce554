package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LeaseGuardTest {
  private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
  private final AtomicReference<Lease> lease = new AtomicReference<>(lease("me", NOW));
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicLong monotonic = new AtomicLong();
  private final LeaseGuard guard =
      new LeaseGuard(
          () -> {
            reads.incrementAndGet();
            if (lease.get() == null) {
              throw new KubernetesClientException("connection refused");
            }
            return Optional.of(lease.get());
          },
          "me",
          Clock.fixed(NOW.plusSeconds(5), ZoneOffset.UTC),
          monotonic::get);

  @Test
  void theHolderWritesAndReadsTheLeaseAtMostOncePerRecheck() {
    assertThat(guard.mayWrite()).isTrue();
    monotonic.addAndGet(Duration.ofMillis(500).toNanos());
    assertThat(guard.mayWrite()).isTrue();
    assertThat(reads).hasValue(1);
  }

  @Test
  void aLeaderResumedAfterAnotherTookTheLeaseWritesNothing() {
    assertThat(guard.mayWrite()).isTrue();
    // Paused (SIGSTOP) for 20 s: the monotonic clock ran on, another instance took the lease.
    monotonic.addAndGet(Duration.ofSeconds(20).toNanos());
    lease.set(lease("other", NOW.plusSeconds(4)));

    assertThat(guard.mayWrite()).isFalse();
    assertThat(reads).hasValue(2);
  }

  @Test
  void anExpiredLeaseOrOneThatCannotBeReadAllowsNoWrite() {
    lease.set(lease("me", NOW.minusSeconds(30)));
    assertThat(guard.mayWrite()).as("expired: renewed 30 s ago for 15 s").isFalse();

    lease.set(null);
    assertThat(guard.mayWrite()).as("unreadable").isFalse();
  }

  @Test
  void withoutLeaderElectionEverythingIsWritten() {
    assertThat(LeaseGuard.UNGUARDED.mayWrite()).isTrue();
  }

  private static Lease lease(String holder, Instant renewed) {
    return new LeaseBuilder()
        .withNewMetadata()
        .withName("rempart")
        .endMetadata()
        .withNewSpec()
        .withHolderIdentity(holder)
        .withLeaseDurationSeconds(15)
        .withRenewTime(renewed.atZone(ZoneOffset.UTC))
        .endSpec()
        .build();
  }

  @Test
  void aLeaderWhoseLeaseGoesUnconfirmedPastTheRenewDeadlineStepsDownOnce() {
    AtomicInteger steppedDown = new AtomicInteger();
    LeaseWatchdog watchdog = new LeaseWatchdog(guard, Duration.ofSeconds(10));
    watchdog.start(Duration.ofHours(1), steppedDown::incrementAndGet); // its timers never fire here
    try {
      monotonic.addAndGet(Duration.ofSeconds(8).toNanos());
      assertThat(guard.mayWrite()).as("renewed: confirmed 8 s after it began leading").isTrue();
      // Cut off: every read fails from now on (as it hangs, behind a partition that drops packets).
      lease.set(null);
      monotonic.addAndGet(Duration.ofSeconds(9).toNanos());
      assertThat(guard.mayWrite()).isFalse();
      watchdog.check();
      assertThat(steppedDown).as("9 s unconfirmed: within the deadline").hasValue(0);

      monotonic.addAndGet(Duration.ofSeconds(2).toNanos());
      watchdog.check();
      watchdog.check();
      assertThat(steppedDown).as("11 s unconfirmed: steps down, once").hasValue(1);
    } finally {
      watchdog.close();
    }
  }
}
