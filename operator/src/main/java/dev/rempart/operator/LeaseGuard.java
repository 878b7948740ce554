package dev.rempart.operator;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fencing: before it writes, a leader makes sure it still holds its Lease. A leader that was paused
 * (a long GC, SIGSTOP, a frozen VM) may resume in the middle of a reconcile, its belief that it
 * leads gone stale while another instance took over; it must not write then. The lease is read
 * again whenever the last confirmation is older than {@link #RECHECK} by the monotonic clock, which
 * keeps running while the process is paused, so a resumed process always reads it again.
 */
final class LeaseGuard {
  /** How long a confirmation holds: well under the lease's duration (15 s). */
  static final Duration RECHECK = Duration.ofSeconds(1);

  private static final Logger LOG = LoggerFactory.getLogger(LeaseGuard.class);

  /** A guard for an operator without leader election: it always writes. */
  static final LeaseGuard UNGUARDED = new LeaseGuard(null, null, null, System::nanoTime);

  private final Supplier<Optional<Lease>> lease;
  private final String identity;
  private final Clock clock;
  private final LongSupplier monotonic;
  private final BooleanSupplier held;
  private volatile long confirmedAt = Long.MIN_VALUE;

  /** The last confirmation (or the start of leading), never cleared: how stale the belief is. */
  private volatile long lastConfirmedAt = Long.MIN_VALUE;

  LeaseGuard(
      Supplier<Optional<Lease>> lease, String identity, Clock clock, LongSupplier monotonic) {
    this(lease, identity, clock, monotonic, () -> true);
  }

  /**
   * @param held whether the HTTP-level fence ({@link LeaseFence}) still lets writes through: a
   *     round it would refuse is not begun
   */
  LeaseGuard(
      Supplier<Optional<Lease>> lease,
      String identity,
      Clock clock,
      LongSupplier monotonic,
      BooleanSupplier held) {
    this.held = held;
    this.lease = lease;
    this.identity = identity;
    this.clock = clock;
    this.monotonic = monotonic;
  }

  /**
   * How long one read of the Lease may take. The reads go through a client of their own that does
   * not retry: the shared client retries a failed request with a growing back-off for longer than
   * the renew deadline, so one read begun in a short network cut outlived the deadline and the
   * watchdog stepped a healthy leader down (WatchExpiryFaultIT, a 4 s cut). A read that fails is
   * only a missing confirmation; the next one, a period later, starts afresh.
   */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(3);

  /** A guard that reads the Lease through a client made like {@code client}, without retries. */
  static LeaseGuard of(
      KubernetesClient client,
      String namespace,
      String name,
      String identity,
      Clock clock,
      BooleanSupplier held) {
    KubernetesClient reader =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(client.getConfiguration())
                    .withRequestRetryBackoffLimit(0)
                    .withRequestTimeout((int) READ_TIMEOUT.toMillis())
                    .withConnectionTimeout((int) READ_TIMEOUT.toMillis())
                    .build())
            .build();
    return new LeaseGuard(
        () -> Optional.ofNullable(reader.leases().inNamespace(namespace).withName(name).get()),
        identity,
        clock,
        System::nanoTime,
        held);
  }

  /**
   * True when this instance may write: it held the lease, unexpired, when last read, and that read
   * is recent, and the HTTP-level fence would let its writes through. False when another holds it,
   * it expired, or it cannot be read (nothing is written on a belief that cannot be checked).
   */
  boolean mayWrite() {
    return lease == null || (held.getAsBoolean() && confirm());
  }

  /**
   * Reads the lease again unless the last confirmation is recent; true when this instance held it,
   * unexpired. The watchdog confirms through this, whatever the fence says.
   */
  boolean confirm() {
    if (lease == null) {
      return true;
    }
    if (recentlyConfirmed(monotonic.getAsLong())) {
      return true;
    }
    return reread();
  }

  /**
   * One read at a time: the apply threads all ask before their writes, and without this each of
   * them read the Lease once its confirmation expired (8 reads a second during a convergence, 180
   * in 31 s, instead of one). A thread that waited here uses the read just made.
   */
  private synchronized boolean reread() {
    long now = monotonic.getAsLong();
    if (recentlyConfirmed(now)) {
      return true;
    }
    try {
      Optional<Lease> current = lease.get();
      if (current.isPresent() && heldByUs(current.get())) {
        confirmedAt = now;
        lastConfirmedAt = now;
        return true;
      }
    } catch (KubernetesClientException e) {
      LOG.warn("could not read the leader-election lease: {}; writing nothing", e.getMessage());
    }
    confirmedAt = Long.MIN_VALUE;
    return false;
  }

  private boolean recentlyConfirmed(long now) {
    long at = confirmedAt;
    return at != Long.MIN_VALUE && now - at < RECHECK.toNanos();
  }

  /** This instance just took the lease: the leader elector confirmed it. */
  void leadingStarted() {
    lastConfirmedAt = monotonic.getAsLong();
  }

  /**
   * True when this instance leads but has not confirmed its lease for longer than {@code limit} (by
   * the monotonic clock): its own reads fail or hang (a partition, a stalled etcd).
   */
  boolean unconfirmedFor(Duration limit) {
    long last = lastConfirmedAt;
    return last != Long.MIN_VALUE && monotonic.getAsLong() - last > limit.toNanos();
  }

  private boolean heldByUs(Lease lease) {
    var spec = lease.getSpec();
    if (spec == null || !identity.equals(spec.getHolderIdentity())) {
      return false;
    }
    if (spec.getRenewTime() == null || spec.getLeaseDurationSeconds() == null) {
      return true;
    }
    Instant renewed = spec.getRenewTime().toInstant();
    return clock.instant().isBefore(renewed.plusSeconds(spec.getLeaseDurationSeconds()));
  }
}
