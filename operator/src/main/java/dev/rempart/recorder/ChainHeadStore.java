package dev.rempart.recorder;

import dev.rempart.record.ChainHead;
import java.io.IOException;
import java.util.Optional;

/**
 * Where the chain's head survives restarts and changes of leader. The operator backs it with a
 * Kubernetes object; {@link InMemoryChainHeadStore} and {@link FileChainHeadStore} serve tests and
 * the command line.
 */
public interface ChainHeadStore {
  /**
   * The persisted head, empty when none was ever stored.
   *
   * @throws IOException when the store cannot be read: the recorder then records a gap rather than
   *     guess
   */
  Optional<ChainHead> load() throws IOException;

  /** Persists the head; called after every batch the sinks accepted. */
  void save(ChainHead head) throws IOException;

  /** Names the store in messages and gap entries, e.g. {@code ConfigMap rempart-system/x}. */
  String describe();
}
