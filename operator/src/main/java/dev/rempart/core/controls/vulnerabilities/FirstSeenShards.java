package dev.rempart.core.controls.vulnerabilities;

/**
 * How the first-seen store is cut into VulnerabilityFirstSeen objects: by a hash of the image
 * repository, so all clocks of a repository live in one object and an evaluation reads only the
 * shards of the repositories it meets. The count is fixed: changing it would move clocks between
 * objects.
 */
public final class FirstSeenShards {
  /** How many objects the store is cut into. */
  public static final int COUNT = 32;

  /** The most entries one shard keeps (about 200 bytes each: well under etcd's object limit). */
  public static final int MAX_ENTRIES = 4_000;

  private static final String PREFIX = "first-seen-";

  private FirstSeenShards() {}

  /** The name of the object that holds a repository's clocks ({@code first-seen-07}). */
  public static String nameFor(String repository) {
    return name(Math.floorMod(repository.hashCode(), COUNT));
  }

  static String name(int shard) {
    return PREFIX + (shard < 10 ? "0" : "") + shard;
  }

  /** True for the name of one of the store's objects. */
  public static boolean isShardName(String name) {
    return name != null && name.startsWith(PREFIX);
  }
}
