package dev.rempart.operator.policyreports;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ReportPublisherReasonTest {
  @Test
  void theApiServersAnswerIsTheReason() {
    var refused =
        new KubernetesClientException(
            new StatusBuilder().withCode(422).withMessage("spec.results: Invalid value").build());

    assertThat(ReportPublisher.reason(refused)).isEqualTo("spec.results: Invalid value");
  }

  @Test
  void withoutAnAnswerTheCauseSaysWhy() {
    var lost =
        new KubernetesClientException(
            "Operation: [patch]  for kind: [Report] failed.",
            new IOException("connection reset", new IOException("Broken pipe")));

    assertThat(ReportPublisher.reason(lost))
        .startsWith("Operation: [patch]")
        .endsWith("(java.io.IOException: Broken pipe)");
  }
}
