package dev.rempart.record;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The last entry of the chain: what the next one continues from, what is persisted across restarts
 * and what an anchor publishes.
 */
public record ChainHead(long seq, String hash) {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** Before the first entry: seq 0 and a hash of 64 zeros. */
  public static final ChainHead GENESIS = new ChainHead(0, "0".repeat(64));

  public ChainHead {
    Objects.requireNonNull(hash, "hash");
    if (seq < 0) {
      throw new IllegalArgumentException("seq " + seq + " is negative");
    }
    if (!SHA256_HEX.matcher(hash).matches()) {
      throw new IllegalArgumentException(
          "hash '" + hash + "' is not a SHA-256 in lower-case hex (64 characters)");
    }
  }

  /** Reads {@code SEQ:HASH}, the form anchors are published in. */
  public static ChainHead parse(String text) {
    int colon = text.indexOf(':');
    if (colon < 1) {
      throw new IllegalArgumentException("'" + text + "' is not SEQ:HASH");
    }
    try {
      return new ChainHead(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "': SEQ is not a number");
    }
  }

  @Override
  public String toString() {
    return seq + ":" + hash;
  }
}
