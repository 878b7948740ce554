package dev.rempart.cli.audit;

import java.util.Set;

/**
 * The findings of a previous run ({@code --baseline-findings}): a finding whose fingerprint it
 * holds is existing, reported but never failing the run.
 *
 * @param source the file, as named on the command line
 * @param fingerprints the fingerprints it holds
 */
public record FindingsBaseline(String source, Set<String> fingerprints) {
  public FindingsBaseline {
    fingerprints = Set.copyOf(fingerprints);
  }

  public boolean contains(String fingerprint) {
    return fingerprints.contains(fingerprint);
  }
}
