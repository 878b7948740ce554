package dev.rempart.cli.audit;

/** {@code 1 file}, {@code 2 files}: counts in messages, with the noun in the right number. */
public final class Plural {
  private Plural() {}

  /** The count and the noun, plural with an {@code s} unless the count is one. */
  public static String of(long count, String noun) {
    return count + " " + (count == 1 ? noun : noun + "s");
  }

  /** The count and the noun, with an irregular plural ({@code 2 policies}). */
  public static String of(long count, String singular, String plural) {
    return count + " " + (count == 1 ? singular : plural);
  }
}
