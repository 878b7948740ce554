package dev.rempart.operator;

import dev.rempart.core.admission.RempartIdentity;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns the user name the operator's writes reach the API server under, by asking the API server
 * (a SelfSubjectReview, which every authenticated user may make): no setting to get wrong, and the
 * admission policy exempts exactly that name.
 */
final class OperatorIdentity {
  private static final Logger LOG = LoggerFactory.getLogger(OperatorIdentity.class);

  private OperatorIdentity() {}

  static RempartIdentity learn(KubernetesClient client) {
    try {
      SelfSubjectReview review = client.resource(new SelfSubjectReview()).create();
      if (review.getStatus() != null && review.getStatus().getUserInfo() != null) {
        String username = review.getStatus().getUserInfo().getUsername();
        LOG.info("Rempart writes as {}", username);
        return new RempartIdentity(username);
      }
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not learn Rempart's user name from a SelfSubjectReview ({}): admission policies"
              + " are generated without the protection of managed objects",
          e.getMessage());
    }
    return RempartIdentity.UNKNOWN;
  }
}
