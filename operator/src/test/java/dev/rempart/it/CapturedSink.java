package dev.rempart.it;

import dev.rempart.record.ChainHead;
import dev.rempart.record.RecordEntry;
import dev.rempart.recorder.RecordSink;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The record as the operator's standard output would hold it, for tests to read back. */
final class CapturedSink implements RecordSink {
  private final List<String> lines = new ArrayList<>();

  @Override
  public Optional<ChainHead> start(Optional<ChainHead> hint) {
    return Optional.empty();
  }

  @Override
  public synchronized void write(List<RecordEntry> batch) {
    batch.forEach(e -> lines.add(e.toLine()));
  }

  synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public String describe() {
    return "captured standard output";
  }
}
