package dev.rempart.compliance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seals a report with the SHA-256 of its own content, so a filed copy can be checked later. The
 * renderer writes {@link #PLACEHOLDER} once; the digest is the SHA-256 of the report's UTF-8 bytes
 * with that placeholder in place, and then replaces it. To check a copy, put the placeholder back
 * and hash again:
 *
 * <pre>
 * d=$(grep -oE 'report-sha256:[0-9a-f]{64}' report.html | cut -d: -f2)
 * sed "s/report-sha256:$d/report-sha256:$(printf '%064d' 0)/" report.html | sha256sum
 * </pre>
 *
 * prints {@code $d} when the copy is intact ({@code rempart report --verify FILE} does the same).
 */
public final class ReportDigest {
  public static final String PREFIX = "report-sha256:";
  public static final String PLACEHOLDER = PREFIX + "0".repeat(64);
  private static final Pattern SEAL = Pattern.compile(Pattern.quote(PREFIX) + "([0-9a-f]{64})");

  private ReportDigest() {}

  /** Replaces the one placeholder in {@code content} with the digest of {@code content}. */
  public static String seal(String content) {
    int first = content.indexOf(PLACEHOLDER);
    if (first < 0 || content.indexOf(PLACEHOLDER, first + 1) >= 0) {
      throw new IllegalArgumentException("a report must hold the digest placeholder exactly once");
    }
    return content.replace(PLACEHOLDER, PREFIX + sha256(content));
  }

  /**
   * Checks a sealed report.
   *
   * @param recorded the digest the report carries
   * @param actual the digest of its content now
   */
  public record Verification(String recorded, String actual) {
    public boolean intact() {
      return recorded.equals(actual);
    }
  }

  /** The verification of a sealed report, or empty when it carries no digest. */
  public static Optional<Verification> verify(String content) {
    Matcher m = SEAL.matcher(content);
    if (!m.find()) {
      return Optional.empty();
    }
    String recorded = m.group(1);
    String unsealed = content.replace(PREFIX + recorded, PLACEHOLDER);
    return Optional.of(new Verification(recorded, sha256(unsealed)));
  }

  static String sha256(String content) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
