package dev.rempart.recorder;

import dev.rempart.record.ChainHead;
import dev.rempart.record.RecordEntry;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** Where batches of entries go. A sink keeps entries in the order it is given them. */
public interface RecordSink extends AutoCloseable {
  /**
   * Checks that the sink can keep the record as promised and returns the newest head it already
   * holds, if it can tell (a bucket can, standard output cannot).
   *
   * @param hint the head the store holds, if any, to find the sink's own faster
   * @throws SinkRefusedException when the sink must not be used (a bucket without Object Lock)
   */
  Optional<ChainHead> start(Optional<ChainHead> hint) throws IOException;

  /**
   * Writes one batch; when it throws, nothing of the batch counts as written and the recorder
   * retries it (a sink must accept the same batch again).
   */
  void write(List<RecordEntry> batch) throws IOException;

  /** Names the sink in messages and gap entries. */
  String describe();

  @Override
  default void close() {}
}
