package dev.rempart.recorder;

import dev.rempart.record.ChainHead;
import dev.rempart.record.RecordChain;
import dev.rempart.record.RecordEntry;
import dev.rempart.record.RecordEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The record's writer for the operator: {@link #record} queues an event from any thread and returns
 * at once; a background thread chains queued events into a batch every {@link
 * RecorderSettings#flushInterval()} (or as soon as a batch is full), writes the batch to every sink
 * in order and only then advances and persists the chain's head. A batch a sink refuses stays
 * queued and is written again, whole, at the next flush, so that every sink holds the same chain.
 */
public final class Recorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

  private final ChainHeadStore store;
  private final List<RecordSink> sinks;
  private final Clock clock;
  private final RecorderSettings settings;
  private final ScheduledExecutorService flusher;
  private final AtomicBoolean flushRequested = new AtomicBoolean();
  private final ReentrantLock flushLock = new ReentrantLock();

  private final Object queueLock = new Object();
  private final Deque<Pending> queue = new ArrayDeque<>();
  private long events;
  private long dropped;
  private String lastFailure;

  /** The sinks' failure when events began to be dropped, for the gap that reports them. */
  private String dropFailure;

  private volatile ChainHead head;

  /** What waits for its batch: an event, or an entry the recorder writes itself. */
  private sealed interface Pending {
    RecordEntry appendTo(RecordChain chain);
  }

  private record Event(RecordEvent event, Instant at) implements Pending {
    @Override
    public RecordEntry appendTo(RecordChain chain) {
      return chain.append(event, at);
    }
  }

  private record Gap(String reason, Instant at) implements Pending {
    @Override
    public RecordEntry appendTo(RecordChain chain) {
      return chain.gap(reason, at);
    }
  }

  private record Anchor(String to, Instant at, CompletableFuture<ChainHead> written)
      implements Pending {
    @Override
    public RecordEntry appendTo(RecordChain chain) {
      return chain.anchor(to, at);
    }
  }

  private Recorder(
      ChainHeadStore store,
      List<RecordSink> sinks,
      Clock clock,
      RecorderSettings settings,
      ChainHead head) {
    this.store = store;
    this.sinks = List.copyOf(sinks);
    this.clock = clock;
    this.settings = settings;
    this.head = head;
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "rempart-recorder");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Starts the sinks, reads the head and begins flushing. When the head cannot be read, or the
   * store and a sink disagree, the first entry written is a gap that says so.
   *
   * @param sinks in the order batches are written: the durable one (S3) first, standard output
   *     last, so that what a log pipeline sees has reached the bucket
   * @throws SinkRefusedException when a sink must not be used (a bucket without Object Lock in
   *     COMPLIANCE mode for at least 365 days): its message says what to change
   * @throws IOException when a sink cannot be reached
   */
  public static Recorder start(
      ChainHeadStore store, List<RecordSink> sinks, Clock clock, RecorderSettings settings)
      throws IOException {
    Optional<ChainHead> stored = Optional.empty();
    String storeFailure = null;
    try {
      stored = store.load();
    } catch (IOException | RuntimeException e) {
      storeFailure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.warn(
          "record: the chain head could not be read from {}: {}", store.describe(), storeFailure);
    }
    Optional<HeadChoice.SinkHead> sinkHead = Optional.empty();
    for (RecordSink sink : sinks) {
      Optional<ChainHead> kept;
      try {
        kept = sink.start(stored);
      } catch (IOException | RuntimeException e) {
        sinks.forEach(RecordSink::close);
        throw e;
      }
      if (kept.isPresent()
          && (sinkHead.isEmpty() || kept.get().seq() > sinkHead.get().head().seq())) {
        sinkHead = Optional.of(new HeadChoice.SinkHead(kept.get(), sink.describe()));
      }
    }
    HeadChoice choice = HeadChoice.choose(stored, storeFailure, store.describe(), sinkHead);
    Recorder recorder = new Recorder(store, sinks, clock, settings, choice.head());
    if (choice.gapReason() != null) {
      LOG.warn("record: gap: {}", choice.gapReason());
      recorder.queue.add(new Gap(choice.gapReason(), clock.instant()));
    }
    long millis = settings.flushInterval().toMillis();
    recorder.flusher.scheduleWithFixedDelay(
        recorder::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
    return recorder;
  }

  /** Queues an event; never blocks on a sink. Thread-safe. */
  public void record(RecordEvent event) {
    int size;
    synchronized (queueLock) {
      events++;
      if (queue.size() >= settings.queueCapacity()) {
        if (dropped++ == 0) {
          dropFailure = lastFailure;
        }
        return;
      }
      queue.addLast(new Event(event, clock.instant()));
      size = queue.size();
    }
    if (size >= settings.batchSize() && flushRequested.compareAndSet(false, true)) {
      try {
        flusher.execute(this::flushQuietly);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        // close() is flushing what is queued.
      }
    }
  }

  /**
   * Writes what is queued, then an anchor entry, and returns the anchor's head: publish it outside
   * the stream (baseline status, an Event) so that {@code rempart record verify --anchor} detects a
   * truncated tail.
   *
   * @param to where the head will be published, recorded in the entry
   * @throws IOException when a sink refuses the batch: do not publish anything then
   */
  public ChainHead anchor(String to) throws IOException {
    CompletableFuture<ChainHead> written = new CompletableFuture<>();
    synchronized (queueLock) {
      queue.addLast(new Anchor(to, clock.instant(), written));
    }
    flushAll();
    try {
      return written.get(0, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("the anchor was not written: " + lastFailure, e);
    }
  }

  /** Writes everything queued now; throws what the first failing sink threw. */
  public void flushAll() throws IOException {
    while (flush() > 0) {
      // until the queue is empty
    }
  }

  /** The head of what the sinks accepted. */
  public ChainHead head() {
    return head;
  }

  /** Events given to {@link #record} since the start (written, waiting or dropped). */
  public long events() {
    synchronized (queueLock) {
      return events;
    }
  }

  /** Events waiting for their batch. */
  public int waiting() {
    synchronized (queueLock) {
      return queue.size();
    }
  }

  /**
   * Stops at once without writing what is queued: for a leader that lost its lease, which must not
   * write after another may have taken the head. The entries dropped are logged; the next leader
   * continues the chain from the head it reads.
   */
  public void abandon() {
    flusher.shutdownNow();
    int dropped;
    synchronized (queueLock) {
      dropped = queue.size();
      queue.clear();
    }
    if (dropped > 0) {
      LOG.error(
          "record: lease lost, {} entries not written (a deposed leader writes nothing)", dropped);
    }
    sinks.forEach(RecordSink::close);
  }

  /** Flushes what is queued (within the flush interval), then stops. */
  @Override
  public void close() {
    flusher.shutdown();
    try {
      flusher.awaitTermination(settings.flushInterval().toMillis() * 2, TimeUnit.MILLISECONDS);
      flushAll();
    } catch (IOException e) {
      LOG.error("record: {} entries not written at shutdown: {}", waiting(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sinks.forEach(RecordSink::close);
  }

  private void flushQuietly() {
    flushRequested.set(false);
    try {
      flushAll();
    } catch (IOException | RuntimeException e) {
      LOG.warn("record: batch not written, kept for the next attempt: {}", e.getMessage());
    }
  }

  /** Writes one batch; returns how many entries it held (0: nothing was waiting). */
  private int flush() throws IOException {
    flushLock.lock();
    try {
      List<Pending> taken;
      synchronized (queueLock) {
        taken = new ArrayList<>(Math.min(queue.size(), settings.batchSize()));
        for (Pending p : queue) {
          if (taken.size() == settings.batchSize()) {
            break;
          }
          taken.add(p);
        }
      }
      if (taken.isEmpty()) {
        return 0;
      }
      RecordChain chain = new RecordChain(head, clock);
      List<RecordEntry> batch = new ArrayList<>(taken.size());
      for (Pending p : taken) {
        batch.add(p.appendTo(chain));
      }
      write(batch);
      synchronized (queueLock) {
        lastFailure = null;
      }
      commit(taken, batch, chain.head());
      return batch.size();
    } finally {
      flushLock.unlock();
    }
  }

  private void write(List<RecordEntry> batch) throws IOException {
    for (RecordSink sink : sinks) {
      try {
        sink.write(batch);
      } catch (IOException | RuntimeException e) {
        String reason = sink.describe() + ": " + e.getMessage();
        synchronized (queueLock) {
          lastFailure = reason;
        }
        throw new IOException(reason, e);
      }
    }
  }

  private void commit(List<Pending> taken, List<RecordEntry> batch, ChainHead newHead) {
    head = newHead;
    synchronized (queueLock) {
      for (int i = 0; i < taken.size(); i++) {
        queue.removeFirst();
      }
      if (dropped > 0) {
        // Space again: say how many events were lost, at the place they were lost.
        queue.addLast(
            new Gap(
                (dropped == 1 ? "1 event was" : dropped + " events were")
                    + " not recorded: "
                    + settings.queueCapacity()
                    + " were already waiting"
                    + (dropFailure == null
                        ? " (they came faster than the sinks took them)"
                        : " (the sinks failed: " + dropFailure + ")"),
                clock.instant()));
        dropped = 0;
      }
    }
    for (int i = 0; i < taken.size(); i++) {
      if (taken.get(i) instanceof Anchor a) {
        a.written().complete(batch.get(i).head());
      }
    }
    try {
      store.save(newHead);
    } catch (IOException | RuntimeException e) {
      // The sinks hold the batch: the next start continues from the bucket's last batch.
      LOG.warn(
          "record: the chain head could not be saved to {}: {}", store.describe(), e.getMessage());
    }
  }
}
