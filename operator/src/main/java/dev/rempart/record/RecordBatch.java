package dev.rempart.record;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Entries stored together as one object: the header line, then one line per entry. */
public record RecordBatch(BatchHeader header, List<RecordEntry> entries) {
  public RecordBatch {
    entries = List.copyOf(entries);
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a batch holds at least one entry");
    }
  }

  /** The batch of {@code entries} stored under {@code key}, after the batch {@code prevBatch}. */
  public static RecordBatch of(String key, List<RecordEntry> entries, String prevBatch) {
    RecordEntry last = entries.get(entries.size() - 1);
    return new RecordBatch(
        BatchHeader.seal(key, entries.get(0).seq(), last.seq(), last.hash(), prevBatch), entries);
  }

  /** The object's content: JSON lines, each ending with a newline. */
  public byte[] content() {
    StringBuilder text = new StringBuilder(header.toLine()).append('\n');
    for (RecordEntry entry : entries) {
      text.append(entry.toLine()).append('\n');
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }
}
