package dev.rempart.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The item open the longest behind a piece of {@link Evidence}, and since when its clock runs: for
 * the vulnerabilities control, the critical vulnerability whose SLA clock started first. The status
 * computation keeps the oldest of all evidence and the metrics read it from the status.
 *
 * @param subject what it is, for a person ({@code CVE-2026-0001 (openssl) in ghcr.io/acme/shop})
 * @param since when its clock started
 */
public record OldestOpen(String subject, @JsonIgnore Instant since) {

  /** The clock start in RFC 3339, as JSON and YAML output show it. */
  @JsonProperty("since")
  public String sinceText() {
    return since.toString();
  }

  /** The one whose clock started first; the other one when either is null. */
  public static OldestOpen older(OldestOpen a, OldestOpen b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    int bySince = a.since.compareTo(b.since);
    // Ties broken by subject, so the choice does not depend on the order evidence came in.
    return bySince < 0 || (bySince == 0 && a.subject.compareTo(b.subject) <= 0) ? a : b;
  }
}
