package dev.rempart.cli.audit;

import dev.rempart.core.Finding;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A finding's identity from one run to the next: the check that raised it and the object it names
 * (kind, namespace, name). Neither the file, the line nor the message takes part, so a finding
 * keeps its fingerprint when its manifest moves or its message carries a date; the API version is
 * left out too, so moving a Deployment from {@code extensions/v1beta1} to {@code apps/v1} is not a
 * new finding.
 */
public final class Fingerprints {
  /** The key under which SARIF's {@code partialFingerprints} carry it. */
  public static final String SARIF_KEY = "rempart/v1";

  private Fingerprints() {}

  /** The fingerprint of a finding: 32 hex digits. */
  public static String of(Finding f) {
    return of(
        f.control(), f.check(), f.resource().kind(), f.resource().namespace(), f.resource().name());
  }

  /** The fingerprint from its parts, as read back from a previous JSON or SARIF output. */
  public static String of(
      String control, String check, String kind, String namespace, String name) {
    String identity =
        String.join(
            "\n",
            control,
            check,
            kind,
            namespace == null ? "" : namespace,
            name == null ? "" : name);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JVM", e);
    }
  }
}
