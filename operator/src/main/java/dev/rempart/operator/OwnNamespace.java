package dev.rempart.operator;

import dev.rempart.core.EvaluationResult;
import io.fabric8.kubernetes.api.model.Namespace;
import java.util.Optional;

/**
 * A baseline that governs the namespace Rempart itself runs in (one selecting every namespace,
 * say). Rempart does not exempt itself silently, which would hide a namespace from the baseline's
 * author; it says so on the baseline, with the risk and the fix: its controls then apply to
 * Rempart's own pod, and a default deny on egress there cuts Rempart off from the API server unless
 * another NetworkPolicy lets it through (the chart's does, with networkPolicy.enabled). Kyverno and
 * Gatekeeper exempt their own namespace for the same reason.
 */
final class OwnNamespace {
  static final String REASON = "GovernsRempartNamespace";

  private OwnNamespace() {}

  /**
   * The warning for this result, if the baseline governs {@code own}.
   *
   * @param own the namespace Rempart runs in, or null when unknown (nothing to warn about)
   */
  static Optional<String> warning(String baseline, EvaluationResult result, String own) {
    if (own == null || result.governance() == null) {
      return Optional.empty();
    }
    boolean governed =
        result.governance().governed().stream()
            .map(Namespace::getMetadata)
            .anyMatch(m -> own.equals(m.getName()));
    if (!governed) {
      return Optional.empty();
    }
    return Optional.of(
        "Baseline "
            + baseline
            + " governs "
            + own
            + ", the namespace Rempart runs in: its controls apply to Rempart's own pod, and a"
            + " default deny on Egress there cuts Rempart off from the API server unless another"
            + " NetworkPolicy lets it through (the Helm chart's does while networkPolicy.enabled"
            + " is true). Add "
            + own
            + " to spec.excludedNamespaces unless governing it is intended.");
  }
}
