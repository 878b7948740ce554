package dev.rempart.recorder;

import dev.rempart.record.ChainHead;
import dev.rempart.record.RecordEntry;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

/** One JSON line per entry on standard output, for any log pipeline. */
public final class StandardOutputSink implements RecordSink {
  private final PrintStream out;

  public StandardOutputSink(PrintStream out) {
    this.out = out;
  }

  @Override
  public Optional<ChainHead> start(Optional<ChainHead> hint) {
    return Optional.empty();
  }

  @Override
  public void write(List<RecordEntry> batch) {
    // One println per line: a PrintStream writes each call whole, so lines of the record never
    // interleave with log lines written from other threads.
    for (RecordEntry entry : batch) {
      out.println(entry.toLine());
    }
    out.flush();
  }

  @Override
  public String describe() {
    return "standard output";
  }
}
