package dev.rempart.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
  void threadsAskingAtOnceAfterTheRecheckShareOneRead() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger slowReads = new AtomicInteger();
    LeaseGuard slow =
        new LeaseGuard(
            () -> {
              slowReads.incrementAndGet();
              reading.countDown();
              await(release);
              return Optional.of(lease.get());
            },
            "me",
            Clock.fixed(NOW.plusSeconds(5), ZoneOffset.UTC),
            monotonic::get);
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(writers.submit(slow::mayWrite));
      }
      assertThat(reading.await(5, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(100); // the other seven ask while the first read is at the server
      release.countDown();
      for (Future<Boolean> answer : answers) {
        assertThat(answer.get(5, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(slowReads).as("one read for the eight apply threads").hasValue(1);
    } finally {
      writers.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
