package dev.rempart.recorder;

import dev.rempart.record.ChainHead;
import java.io.IOException;
import java.util.Optional;

/** A head kept in memory, for tests; {@link #failReads} simulates a store that cannot be read. */
public final class InMemoryChainHeadStore implements ChainHeadStore {
  private volatile ChainHead head;
  private volatile String readFailure;

  public InMemoryChainHeadStore() {}

  public InMemoryChainHeadStore(ChainHead head) {
    this.head = head;
  }

  /** Makes {@link #load()} fail with {@code reason} (null: reads work again). */
  public void failReads(String reason) {
    this.readFailure = reason;
  }

  @Override
  public Optional<ChainHead> load() throws IOException {
    if (readFailure != null) {
      throw new IOException(readFailure);
    }
    return Optional.ofNullable(head);
  }

  @Override
  public void save(ChainHead head) {
    this.head = head;
  }

  @Override
  public String describe() {
    return "memory";
  }
}
